using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// One instance on a store in memory; where a test crosses windows, it runs the rounds the background sync would. The
/// class needs no Azurite but sits in its collection all the same: a meter listener of a test running beside it (as
/// <see cref="StorageOutageTests"/> has) would record the limiter's decisions on this thread, and the allocation test
/// would count that.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RateLimiterTests
{
    // A tenth of a second into a window, so the tests' steps never straddle a window edge.
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero);
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_key_gets_its_limit_per_window_and_the_next_window_starts_afresh()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = CreateNode(time, ("Policies:free:Limit", "5"));

        var first = Enumerable.Range(0, 8).Select(_ => node.Limiter.Acquire("free", "tenant-a")).ToList();
        await RunRoundsAsync(node, time, TimeSpan.FromSeconds(1));
        var second = Enumerable.Range(0, 8).Select(_ => node.Limiter.Acquire("free", "tenant-a")).ToList();

        Assert.Equal([true, true, true, true, true, false, false, false], first.Select(decision => decision.IsAllowed));
        Assert.Equal([4L, 3, 2, 1, 0, 0, 0, 0], first.Select(decision => decision.Remaining));
        Assert.Equal(RateLimitRejection.RateLimited, first[^1].Reason);
        Assert.Equal(5, second.Count(decision => decision.IsAllowed));
    }

    [Fact]
    public async Task A_decision_carries_what_the_rate_limit_headers_need()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = CreateNode(time, ("Policies:standard:Limit", "100"), ("Policies:standard:Window", "00:01:00"));

        var allowed = node.Limiter.Acquire("Standard", "tenant-a");

        Assert.Equal(new RateLimitDecision(true, "standard", 100, 99, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(59_900), RateLimitRejection.None), allowed);
    }

    [Fact]
    public async Task Burst_is_a_bucket_refilled_by_the_unused_part_of_earlier_windows()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = CreateNode(time, ("Policies:free:Limit", "10"), ("Policies:free:Burst", "20"));

        // A window's requests come in four bursts, a round after each, as the background sync runs every 250 ms.
        async Task<int> AdmitAsync(int attempts)
        {
            var admitted = 0;
            for (var step = 0; step < 4; step++)
            {
                admitted += Enumerable.Range(0, (attempts / 4) + (step < attempts % 4 ? 1 : 0)).Count(_ => node.Limiter.Acquire("free", "tenant-a").IsAllowed);
                await RunRoundsAsync(node, time, SyncInterval);
            }

            return admitted;
        }

        Assert.Equal(20, await AdmitAsync(30));
        Assert.Equal(10, await AdmitAsync(30));
        Assert.Equal(4, await AdmitAsync(4));
        Assert.Equal(16, await AdmitAsync(30));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(20, await AdmitAsync(30));
    }

    [Fact]
    public async Task Keys_and_policies_are_limited_independently()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = CreateNode(time, ("Policies:free:Limit", "2"), ("Policies:anonymous:Limit", "1"));

        int Admitted(string policy, string key) => Enumerable.Range(0, 5).Count(_ => node.Limiter.Acquire(policy, key).IsAllowed);

        Assert.Equal(2, Admitted("free", "tenant-a"));
        Assert.Equal(2, Admitted("free", "tenant-a/orders"));
        Assert.Equal(2, Admitted("free", "tenant-b"));
        Assert.Equal(1, Admitted("anonymous", "203.0.113.7"));
        Assert.Equal(1, Admitted("anonymous", "2001:db8::7"));
    }

    [Fact]
    public async Task An_unknown_policy_is_a_configuration_error_not_a_silent_pass()
    {
        await using var node = CreateNode(TimeProvider.System, ("Policies:free:Limit", "2"));

        var error = Assert.Throws<ArgumentException>(() => node.Limiter.Acquire("gold", "tenant-a"));

        Assert.Contains("'gold'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_allocates_nothing_for_keys_and_tenants_it_already_holds()
    {
        await using var node = CreateNode(
            TimeProvider.System, ("Policies:open:Limit", "1000000000"), ("Policies:tight:Limit", "1"), ("Plans:metered:DailyQuota", "1000000000"));
        void Run(int times)
        {
            for (var i = 0; i < times; i++)
            {
                node.Limiter.Acquire("open", "tenant-a");
                node.Limiter.Acquire("tight", "tenant-a");
                node.Quotas.Acquire("tenant-a", "metered");
            }
        }

        Run(1_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static LimiterNode CreateNode(TimeProvider time, params (string Key, string Value)[] settings) =>
        LimiterNode.Create(new InMemoryRateLimitStore(), settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value), time);

    /// <summary>Moves the clock on by <paramref name="duration"/>, a round at the start of every sync interval in it.</summary>
    private static async Task RunRoundsAsync(LimiterNode node, FakeTimeProvider time, TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += SyncInterval)
        {
            await node.Sync.SyncAsync(CancellationToken.None);
            time.Advance(SyncInterval);
        }
    }
}
