using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.RateLimiting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class UsageReaderTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero);

    [Fact]
    public async Task A_tenants_usage_sums_every_instance_and_covers_its_per_route_keys_but_no_other_tenant()
    {
        var table = LimiterNode.NewTable();
        var time = new FakeTimeProvider(Start);
        await using var first = await StartAsync(table, time);
        await using var second = await StartAsync(table, time);
        void Acquire(LimiterNode node, string policy, string key, int times)
        {
            for (var i = 0; i < times; i++)
            {
                node.Limiter.Acquire(policy, key);
            }
        }

        Acquire(first, "free", "tenant-a", 3);
        time.Advance(TimeSpan.FromSeconds(1));
        Acquire(first, "free", "tenant-a", 4);
        Acquire(second, "free", "tenant-a", 1);
        Acquire(second, "free", "tenant-a/orders", 9);
        Acquire(first, "free", "tenant-ab", 1);
        Acquire(first, "premium", "tenant-a", 1);
        for (var i = 0; i < 6; i++)
        {
            (i % 2 == 0 ? first : second).Quotas.Acquire("tenant-a", "free");
        }

        await first.Sync.SyncAsync(CancellationToken.None);
        await second.Sync.SyncAsync(CancellationToken.None);
        var usage = await first.Usage.ReadAsync("tenant-a", CancellationToken.None);

        var windowStart = new DateTimeOffset(2026, 3, 30, 12, 0, 1, TimeSpan.Zero);
        Assert.Equal(
            [
                new WindowUsage("free", "tenant-a", windowStart, TimeSpan.FromSeconds(1), 5, 5, 5, 3, 2),
                new WindowUsage("free", "tenant-a/orders", windowStart, TimeSpan.FromSeconds(1), 5, 5, 9, 0, 1),
                new WindowUsage("premium", "tenant-a", windowStart, TimeSpan.FromSeconds(1), 1000, 1, 1, 0, 1),
            ],
            usage.Windows);
        Assert.Equal(new QuotaUsage(new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero), 6, 6, 2), usage.Today);
        Assert.Equal(new QuotaUsage(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 6, 6, 2), usage.ThisMonth);
    }

    [Fact]
    public async Task Keys_with_characters_that_table_keys_forbid_are_counted_and_read_back()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = await StartAsync(LimiterNode.NewTable(), time);
        const string tenant = "acme #1?\\é|%2F";

        node.Limiter.Acquire("free", tenant);
        node.Quotas.Acquire(tenant, "free");
        await node.Sync.SyncAsync(CancellationToken.None);
        var usage = await node.Usage.ReadAsync(tenant, CancellationToken.None);

        Assert.Equal((tenant, 1L), (Assert.Single(usage.Windows).Key, usage.Windows[0].Admitted));
        Assert.Equal(1, usage.Today.Admitted);
    }

    private Task<LimiterNode> StartAsync(string table, TimeProvider time) =>
        LimiterNode.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Table"] = table,
            ["Policies:free:Limit"] = "5",
            ["Policies:premium:Limit"] = "1000",
            ["Plans:free:RateLimitPolicy"] = "free",
            ["Plans:free:DailyQuota"] = "1000",
        }, time, backgroundSync: false);
}
