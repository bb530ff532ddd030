using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.RateLimiting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class QuotaTrackerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Daily_and_monthly_quotas_start_afresh_at_utc_midnight_and_on_the_first_of_the_month()
    {
        var table = LimiterNode.NewTable();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 23, 59, 59, TimeSpan.Zero));
        await using var node = await StartAsync(table, time);
        QuotaDecision[] Acquire(int times) => [.. Enumerable.Range(0, times).Select(_ => node.Quotas.Acquire("tenant-a", "starter"))];

        var march30 = Acquire(4);
        time.Advance(TimeSpan.FromSeconds(1));
        var march31 = Acquire(3);
        await node.Sync.SyncAsync(CancellationToken.None);
        var usageOnMarch31 = await node.Usage.ReadAsync("tenant-a", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(1));
        var april1 = Acquire(1);

        Assert.Equal([true, true, true, false], march30.Select(decision => decision.IsAllowed));
        Assert.Equal([2L, 1, 0, 0], march30.Select(decision => decision.Remaining));
        Assert.Equal(
            new QuotaDecision(false, "starter", QuotaPeriod.Day, 3, 0, TimeSpan.FromDays(1), TimeSpan.FromSeconds(1), RateLimitRejection.QuotaExceeded)
            {
                Allowance = 3, Admitted = 3, IsSynced = true,
            },
            march30[^1]);
        Assert.Equal([true, true, false], march31.Select(decision => decision.IsAllowed));
        Assert.Equal(
            new QuotaDecision(false, "starter", QuotaPeriod.Month, 5, 0, TimeSpan.FromDays(31), TimeSpan.FromDays(1), RateLimitRejection.QuotaExceeded)
            {
                Allowance = 5, Admitted = 5, IsSynced = true,
            },
            march31[^1]);
        Assert.Equal((2, 5), (usageOnMarch31.Today.Admitted, usageOnMarch31.ThisMonth.Admitted));
        Assert.Equal((3, 7), (usageOnMarch31.Today.Attempted, usageOnMarch31.ThisMonth.Attempted));
        Assert.Equal(new QuotaDecision(true, "starter", QuotaPeriod.Day, 3, 2, TimeSpan.FromDays(1), TimeSpan.FromDays(1), RateLimitRejection.None), april1[0]);

        await node.Sync.SyncAsync(CancellationToken.None);
        var march30Reader = await StartAsync(table, new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero)));
        await using (march30Reader)
        {
            Assert.Equal(3, (await march30Reader.Usage.ReadAsync("tenant-a", CancellationToken.None)).Today.Admitted);
        }

        var april = await node.Usage.ReadAsync("tenant-a", CancellationToken.None);
        Assert.Equal((1, 1), (april.Today.Admitted, april.ThisMonth.Admitted));
    }

    [Fact]
    public async Task Persisted_counts_equal_the_admitted_requests_of_two_instances_after_a_graceful_stop()
    {
        var table = LimiterNode.NewTable();
        var first = await StartAsync(table, TimeProvider.System, backgroundSync: true);
        var second = await StartAsync(table, TimeProvider.System, backgroundSync: true);
        var (metered, capped) = ("tenant-" + Guid.NewGuid().ToString("N"), "tenant-" + Guid.NewGuid().ToString("N"));
        long admittedMetered = 0, admittedCapped = 0;
        await using (first)
        await using (second)
        {
            await Eventually.TrueAsync(() => first.Sync.LiveInstances == 2 && second.Sync.LiveInstances == 2, because: "The instances did not see each other.");
            for (var i = 0; i < 300; i++)
            {
                var node = i % 3 == 0 ? second : first;
                admittedMetered += node.Quotas.Acquire(metered, "metered").IsAllowed ? 1 : 0;
                admittedCapped += node.Quotas.Acquire(capped, "capped").IsAllowed ? 1 : 0;
                await Task.Delay(3);
            }

            await first.StopAsync();
            await second.StopAsync();
        }

        await using var reader = await StartAsync(table, TimeProvider.System);
        var meteredUsage = await reader.Usage.ReadAsync(metered, CancellationToken.None);
        var cappedUsage = await reader.Usage.ReadAsync(capped, CancellationToken.None);
        Assert.Equal(300, admittedMetered);
        Assert.Equal((300, 300, 300, 2), (meteredUsage.Today.Admitted, meteredUsage.ThisMonth.Admitted, meteredUsage.Today.Attempted, meteredUsage.Today.Instances));
        Assert.InRange(admittedCapped, 95, 101);
        Assert.Equal((admittedCapped, admittedCapped), (cappedUsage.Today.Admitted, cappedUsage.ThisMonth.Admitted));
    }

    [Fact]
    public async Task A_plan_without_quotas_allows_every_request_and_still_counts_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero));
        await using var node = await StartAsync(LimiterNode.NewTable(), time);

        var decisions = Enumerable.Range(0, 50).Select(_ => node.Quotas.Acquire("tenant-a", "metered")).ToList();
        await node.Sync.SyncAsync(CancellationToken.None);

        Assert.All(decisions, decision => Assert.Equal(new QuotaDecision(true, "metered", QuotaPeriod.None, 0, 0, TimeSpan.Zero, TimeSpan.Zero, RateLimitRejection.None), decision));
        Assert.Equal(50, (await node.Usage.ReadAsync("tenant-a", CancellationToken.None)).ThisMonth.Admitted);
    }

    [Fact]
    public async Task An_unknown_plan_is_a_configuration_error()
    {
        await using var node = await StartAsync(LimiterNode.NewTable(), TimeProvider.System);

        Assert.Throws<ArgumentException>(() => node.Quotas.Acquire("tenant-a", "platinum"));
    }

    private Task<LimiterNode> StartAsync(string table, TimeProvider time, bool backgroundSync = false) =>
        LimiterNode.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Table"] = table,
            ["SyncInterval"] = "00:00:00.100",
            ["Plans:starter:DailyQuota"] = "3",
            ["Plans:starter:MonthlyQuota"] = "5",
            ["Plans:capped:DailyQuota"] = "100",
            ["Plans:metered:OnStorageFailure"] = "Open",
        }, time, backgroundSync);
}
