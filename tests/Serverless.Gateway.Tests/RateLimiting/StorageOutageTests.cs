using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Azurite is stopped mid-test (and always started again), as Table Storage going away under a running fleet. A clock the
/// test moves paces requests and rounds; only the outage itself takes real time.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Decisions = "gateway.ratelimit.decisions";
    private const int WarmUpRequests = 6;
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(100);

    // The lease (2 x 100 ms + 1 s) outlasts the wait for a window to start, so no counter counts as back from idle.
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(1200);
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero);

    [Fact]
    public async Task Fail_open_keeps_admitting_within_the_limit_split_over_the_last_known_instances_and_catches_up_when_storage_returns()
    {
        using var recorder = new DecisionRecorder();
        var time = new FakeTimeProvider(Start);
        var settings = Settings(("Policies:open:Limit", "100"), ("Plans:metered:MonthlyQuota", "1000000"));
        LimiterNode[] nodes = [await StartAsync(settings, time), await StartAsync(settings, time)];
        var first = nodes[0];
        var tenant = "tenant-" + Guid.NewGuid().ToString("N");
        try
        {
            await PacedLoad.RunRoundsUntilAsync(nodes, time, SyncInterval, time.GetUtcNow().AddSeconds(1));
            Assert.All(nodes, node => Assert.Equal(2, node.Sync.LiveInstances));
            await WarmUpAsync(nodes, time, tenant);

            long admittedWhileDown;
            var quotaWhileDown = 0;
            try
            {
                await azurite.Azurite.StopAsync();
                Assert.All(await Task.WhenAll(nodes.Select(node => node.Sync.SyncAsync(CancellationToken.None))), Assert.False);
                Assert.All(nodes, node => Assert.False(node.Sync.IsStorageAvailable));
                time.Advance(PacedLoad.NextWindow(time.GetUtcNow()).AddMilliseconds(20) - time.GetUtcNow());
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

            // Rounds until both instances reach storage again (as long as Azurite takes to answer, not a pacing).
            await Eventually.TrueAsync(
                async () => (await Task.WhenAll(nodes.Select(node => node.Sync.SyncAsync(CancellationToken.None)))).All(synced => synced),
                because: "The instances did not reach storage once it returned.");
            Assert.Equal(WarmUpRequests + 7, (await first.Usage.ReadAsync(tenant, CancellationToken.None)).ThisMonth.Admitted);

            await WarmUpAsync(nodes, time, tenant);
            var after = await PacedLoad.DriveAsync(nodes, time, SyncInterval, "open", tenant, 2 * 100, windows: 3);
            output.WriteLine($"While down: {admittedWhileDown} of 200 admitted by one of two instances; after: {after.Admitted} of {after.Issued} admitted over 3 windows of 100");
            Assert.InRange(after.Admitted, 0.8 * 300, 300);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task Fail_closed_rejects_with_storage_unavailable_until_storage_returns()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = await StartAsync(Settings(
            ("Policies:strict:Limit", "100"), ("Policies:strict:OnStorageFailure", "Closed"),
            ("Plans:audited:DailyQuota", "1000"), ("Plans:audited:OnStorageFailure", "Closed")), time);
        Assert.True(await node.Sync.SyncAsync(CancellationToken.None));
        Assert.True(node.Limiter.Acquire("strict", "tenant-a").IsAllowed);
        Assert.True(node.Quotas.Acquire("tenant-a", "audited").IsAllowed);

        RateLimitDecision rateWhileDown;
        QuotaDecision quotaWhileDown;
        try
        {
            await azurite.Azurite.StopAsync();
            Assert.False(await node.Sync.SyncAsync(CancellationToken.None));
            rateWhileDown = node.Limiter.Acquire("strict", "tenant-a");
            quotaWhileDown = node.Quotas.Acquire("tenant-a", "audited");
        }
        finally
        {
            await azurite.Azurite.StartAsync();
        }

        Assert.Equal((false, RateLimitRejection.StorageUnavailable, Lease), (rateWhileDown.IsAllowed, rateWhileDown.Reason, rateWhileDown.ResetAfter));
        Assert.Equal((false, RateLimitRejection.StorageUnavailable, Lease), (quotaWhileDown.IsAllowed, quotaWhileDown.Reason, quotaWhileDown.ResetAfter));
        await Eventually.TrueAsync(() => node.Sync.SyncAsync(CancellationToken.None), because: "The instance did not reach storage once it returned.");
        Assert.True(node.Limiter.Acquire("strict", "tenant-a").IsAllowed);
        Assert.True(node.Quotas.Acquire("tenant-a", "audited").IsAllowed);
    }

    private Task<LimiterNode> StartAsync(Dictionary<string, string?> settings, TimeProvider time) =>
        LimiterNode.StartAsync(azurite, settings, time, backgroundSync: false);

    /// <summary>Light traffic on both instances over a few rounds, so each knows the other shares the key.</summary>
    private static async Task WarmUpAsync(LimiterNode[] nodes, FakeTimeProvider time, string tenant)
    {
        for (var i = 0; i < WarmUpRequests; i++)
        {
            Array.ForEach(nodes, node => node.Limiter.Acquire("open", tenant));
            nodes[0].Quotas.Acquire(tenant, "metered");
            await PacedLoad.RunRoundsUntilAsync(nodes, time, SyncInterval, time.GetUtcNow().AddMilliseconds(150));
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value);
        all["Table"] = LimiterNode.NewTable();
        all["SyncInterval"] = "00:00:00.100";
        all["StorageTimeout"] = "00:00:01";
        return all;
    }
}
