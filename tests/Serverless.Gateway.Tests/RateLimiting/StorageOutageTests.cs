using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Azurite is stopped mid-test (and always started again), as Table Storage going away under a running fleet.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Decisions = "gateway.ratelimit.decisions";
    private const int WarmUpRequests = 6;

    [Fact]
    public async Task Fail_open_keeps_admitting_within_the_limit_split_over_the_last_known_instances_and_catches_up_when_storage_returns()
    {
        using var recorder = new DecisionRecorder();
        var settings = Settings(("Policies:open:Limit", "100"), ("Plans:metered:MonthlyQuota", "1000000"));
        var nodes = await Task.WhenAll(LimiterNode.StartAsync(azurite, settings), LimiterNode.StartAsync(azurite, settings));
        var (first, second) = (nodes[0], nodes[1]);
        var tenant = "tenant-" + Guid.NewGuid().ToString("N");
        try
        {
            await Eventually.TrueAsync(() => nodes.All(node => node.Sync.LiveInstances == 2), because: "The instances did not see each other.");
            await WarmUpAsync(nodes, tenant);

            long admittedWhileDown;
            var quotaWhileDown = 0;
            try
            {
                await azurite.Azurite.StopAsync();
                await Eventually.TrueAsync(() => nodes.All(node => !node.Sync.IsStorageAvailable), because: "The outage was not noticed.");
                await NextWindowAsync();
                admittedWhileDown = Enumerable.Range(0, 200).Count(_ => first.Limiter.Acquire("open", tenant).IsAllowed);
                quotaWhileDown = Enumerable.Range(0, 7).Count(_ => first.Quotas.Acquire(tenant, "metered").IsAllowed);
            }
            finally
            {
                await azurite.Azurite.StartAsync();
            }

            Assert.Equal(50, admittedWhileDown);
            Assert.Equal(7, quotaWhileDown);
            Assert.True(recorder.Sum("gateway.ratelimit.storage_failures") > 0);
            Assert.True(recorder.Sum(Decisions, "gateway.ratelimit.mode", "local") >= 207);

            await Eventually.TrueAsync(() => nodes.All(node => node.Sync.IsStorageAvailable), because: "The instances did not notice storage return.");
            await Eventually.TrueAsync(
                async () => (await first.Usage.ReadAsync(tenant, CancellationToken.None)).ThisMonth.Admitted == WarmUpRequests + 7,
                because: "The quota counted during the outage was not written once storage returned.");
            await WarmUpAsync(nodes, tenant);
            var after = await PacedLoad.DriveAsync(nodes, "open", tenant, 2 * 100, windows: 3);
            output.WriteLine($"While down: {admittedWhileDown} of 200 admitted by one of two instances; after: {after.Admitted} of {after.Issued} admitted over 3 windows of 100");
            Assert.InRange(after.Admitted, 0.8 * 300, 1.05 * 300);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Fail_closed_rejects_with_storage_unavailable_until_storage_returns()
    {
        await using var node = await LimiterNode.StartAsync(azurite, Settings(
            ("Policies:strict:Limit", "100"), ("Policies:strict:OnStorageFailure", "Closed"),
            ("Plans:audited:DailyQuota", "1000"), ("Plans:audited:OnStorageFailure", "Closed")));
        Assert.True(node.Limiter.Acquire("strict", "tenant-a").IsAllowed);
        Assert.True(node.Quotas.Acquire("tenant-a", "audited").IsAllowed);

        RateLimitDecision rateWhileDown;
        QuotaDecision quotaWhileDown;
        try
        {
            await azurite.Azurite.StopAsync();
            await Eventually.TrueAsync(() => !node.Sync.IsStorageAvailable, because: "The outage was not noticed.");
            rateWhileDown = node.Limiter.Acquire("strict", "tenant-a");
            quotaWhileDown = node.Quotas.Acquire("tenant-a", "audited");
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }

        var retryAfter = TimeSpan.FromSeconds(0.7);
        Assert.Equal((false, RateLimitRejection.StorageUnavailable, retryAfter), (rateWhileDown.IsAllowed, rateWhileDown.Reason, rateWhileDown.ResetAfter));
        Assert.Equal((false, RateLimitRejection.StorageUnavailable, retryAfter), (quotaWhileDown.IsAllowed, quotaWhileDown.Reason, quotaWhileDown.ResetAfter));
        await Eventually.TrueAsync(() => node.Sync.IsStorageAvailable, because: "The instance did not notice storage return.");
        Assert.True(node.Limiter.Acquire("strict", "tenant-a").IsAllowed);
        Assert.True(node.Quotas.Acquire("tenant-a", "audited").IsAllowed);
    }

    /// <summary>Light traffic on both instances for a few sync rounds, so each knows the other shares the key.</summary>
    private static async Task WarmUpAsync(LimiterNode[] nodes, string tenant)
    {
        for (var i = 0; i < WarmUpRequests; i++)
        {
            Array.ForEach(nodes, node => node.Limiter.Acquire("open", tenant));
            nodes[0].Quotas.Acquire(tenant, "metered");
            await Task.Delay(150);
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value);
        all["Table"] = LimiterNode.NewTable();
        all["SyncInterval"] = "00:00:00.100";
        all["StorageTimeout"] = "00:00:00.500";
        return all;
    }

    private static Task NextWindowAsync()
    {
        var now = DateTimeOffset.UtcNow;
        return Task.Delay(PacedLoad.NextWindow(now).AddMilliseconds(20) - now);
    }
}
