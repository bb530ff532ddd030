using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Instances in coordinator mode on a store in memory and a clock the test moves.</summary>
public sealed class CoordinatedRoundTests
{
    private const string Policy = "shared";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);
    private static readonly DateTimeOffset Start = new(2026, 3, 30, 12, 0, 0, 100, TimeSpan.Zero);

    [Fact]
    public async Task One_instance_coordinates_a_partition_and_another_takes_over_when_it_is_gone()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var nodes = Enumerable.Range(0, 4).Select(_ => LimiterNode.Create(store, Settings(limit: 1_000), time)).ToList();
        try
        {
            await DriveAsync(nodes, time, seconds: 2);
            var partition = CounterKeys.GrantPartition(PartitionOf("tenant-a"));
            var first = await store.ReadLeaseAsync(partition, CancellationToken.None);
            Assert.NotNull(first);
            Assert.Contains(first.Holder, nodes.Select(node => node.Sync.InstanceId));

            var coordinator = nodes.Single(node => node.Sync.InstanceId == first.Holder);
            nodes.Remove(coordinator);
            await coordinator.DisposeAsync();
            await DriveAsync(nodes, time, seconds: 6);

            var second = await store.ReadLeaseAsync(partition, CancellationToken.None);
            Assert.NotNull(second);
            Assert.NotEqual(first.Holder, second.Holder);
            Assert.Contains(second.Holder, nodes.Select(node => node.Sync.InstanceId));
            Assert.True(second.LeaseUntil >= time.GetUtcNow(), "the new coordinator keeps renewing its lease");
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task What_an_instance_reads_and_writes_per_round_does_not_grow_with_the_fleet()
    {
        var few = await OperationsPerInstanceRoundAsync(instances: 2);
        var many = await OperationsPerInstanceRoundAsync(instances: 12);

        // Per partition and round: its grants read and its rows written, plus a share of the presence and coordinator work.
        Assert.InRange(many, 2.0, 3.5);
        Assert.InRange(many, few * 0.6, few * 1.1);
    }

    [Fact]
    public async Task The_interval_lengthens_so_the_fleet_stays_within_the_account_s_transactions()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var settings = Settings(limit: 1_000);
        settings["AccountTransactionsPerSecond"] = "100";
        var nodes = Enumerable.Range(0, 10).Select(_ => LimiterNode.Create(store, settings, time)).ToList();
        try
        {
            await DriveAsync(nodes, time, seconds: 4, keys: 8);

            // 10 instances × 2 transactions per round in each partition in use, within 100 a second.
            var partitions = Enumerable.Range(0, 8).Select(key => PartitionOf($"tenant-{key}")).Distinct().Count();
            var expected = TimeSpan.FromSeconds(2.0 * 10 * partitions / 100);
            Assert.All(nodes, node => Assert.InRange(node.Sync.Interval, expected * 0.9, expected * 1.5));
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task A_key_only_one_of_many_instances_uses_gets_a_coordinator_and_grants_within_a_few_rounds()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var nodes = Enumerable.Range(0, 40).Select(_ => LimiterNode.Create(store, Settings(limit: 1_000), time)).ToList();
        try
        {
            // Every instance uses another key first, so that all know the fleet's size; then only one uses tenant-solo.
            await DriveAsync(nodes, time, seconds: 3);
            var solo = nodes[^1];
            var partition = CounterKeys.GrantPartition(PartitionOf("tenant-solo"));
            var rounds = 0;
            while (await store.ReadLeaseAsync(partition, CancellationToken.None) is null && rounds < 40)
            {
                solo.Limiter.Acquire(Policy, "tenant-solo");
                await solo.Sync.SyncAsync(CancellationToken.None);
                time.Advance(SyncInterval);
                rounds++;
            }

            Assert.Equal(40, solo.Sync.LiveInstances);
            var lease = await store.ReadLeaseAsync(partition, CancellationToken.None);
            Assert.NotNull(lease);
            Assert.Equal(solo.Sync.InstanceId, lease.Holder);

            // 3 of 40 a round at first, the chance doubling each round: every round after the fourth is a sure try.
            Assert.InRange(rounds, 1, 5);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task With_rounds_several_windows_apart_grants_reach_every_window_until_the_next_round_and_the_budget_is_used()
    {
        // Windows of 250 ms and each instance's rounds a second apart, as a large fleet's interval is many of its windows
        // long (here the storage timeout stands in for the interval in the lease: 2 × 250 ms + 2 s reaches past the
        // round after next, as 2 × SyncInterval + StorageTimeout does).
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var settings = Settings(limit: 20);
        settings[$"Policies:{Policy}:Window"] = "00:00:00.25";
        var nodes = Enumerable.Range(0, 2).Select(i => LimiterNode.Create(store, settings, time, $"instance-{i}")).ToList();
        var step = TimeSpan.FromMilliseconds(50);
        var admitted = new Dictionary<long, long>();
        try
        {
            for (var tick = 0; tick < 400; tick++)
            {
                var window = time.GetUtcNow().ToUnixTimeMilliseconds() / 250;
                foreach (var node in nodes)
                {
                    for (var i = 0; i < 5; i++)
                    {
                        admitted[window] = admitted.GetValueOrDefault(window) + (node.Limiter.Acquire(Policy, "tenant-a").IsAllowed ? 1 : 0);
                    }
                }

                // Each instance's round every second, half a second apart.
                for (var i = 0; i < nodes.Count; i++)
                {
                    if (tick % 20 == i * 10)
                    {
                        await nodes[i].Sync.SyncAsync(CancellationToken.None);
                    }
                }

                time.Advance(step);
            }

            // After 8 s of warming up: 48 windows, each asked for 50 and allowed 20.
            var measured = admitted.Keys.Order().Skip(32).Take(48).ToList();
            Assert.All(measured, window => Assert.InRange(admitted[window], 0, 20));
            Assert.InRange(measured.Sum(window => admitted[window]), (long)(0.9 * 20 * 48), 20 * 48);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    private static async Task<double> OperationsPerInstanceRoundAsync(int instances)
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryRateLimitStore();
        var nodes = Enumerable.Range(0, instances).Select(_ => LimiterNode.Create(store, Settings(limit: 1_000), time)).ToList();
        try
        {
            await DriveAsync(nodes, time, seconds: 2);
            var before = nodes.Sum(node => node.Store.Operations);
            var rounds = await DriveAsync(nodes, time, seconds: 4);
            return (double)(nodes.Sum(node => node.Store.Operations) - before) / (instances * rounds);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task Rounds_that_run_two_windows_late_keep_admitting_a_key_far_below_its_limit()
    {
        // A saturated machine or slow storage: rounds meant every 250 ms start 2.1 s apart, against one-second windows.
        var late = TimeSpan.FromMilliseconds(2_100);
        var time = new FakeTimeProvider(Start);
        await using var node = LimiterNode.Create(new InMemoryRateLimitStore(), Settings(limit: 100_000_000), time, "solo");
        var refusedLater = new List<string>();
        for (var round = 0; round < 100; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                // The first late rounds can cost up to a window: a grant answers the row of the round before, whose lease
                // was set before any late round was seen. From then on the leases cover the gaps.
                if (!node.Limiter.Acquire(Policy, "tenant-a").IsAllowed && round >= 3)
                {
                    refusedLater.Add(string.Create(CultureInfo.InvariantCulture, $"round {round} at {time.GetUtcNow():HH:mm:ss.fff}"));
                }

                time.Advance(late / 20);
            }

            await node.Sync.SyncAsync(CancellationToken.None);
        }

        Assert.Empty(refusedLater);
    }

    [Fact]
    public async Task A_key_back_in_use_after_the_instance_was_frozen_for_half_a_minute_is_admitted_at_once()
    {
        var time = new FakeTimeProvider(Start);
        await using var node = LimiterNode.Create(new InMemoryRateLimitStore(), Settings(limit: 1_000), time, "solo");
        for (var round = 0; round < 8; round++)
        {
            node.Limiter.Acquire(Policy, "tenant-a");
            await node.Sync.SyncAsync(CancellationToken.None);
            time.Advance(SyncInterval);
        }

        // Suspended (a paused container, a debugger): its first round after waking comes 30 s after the last, long past the
        // lease, so the counter holds nothing any more, but within its idle lifetime, so it is still there.
        time.Advance(TimeSpan.FromSeconds(30));
        await node.Sync.SyncAsync(CancellationToken.None);

        Assert.True(node.Limiter.Acquire(Policy, "tenant-a").IsAllowed);
    }

    /// <summary>Every instance asks for each key 10 times a round, then runs its round; returns the rounds run.</summary>
    private static async Task<int> DriveAsync(List<LimiterNode> nodes, FakeTimeProvider time, int seconds, int keys = 1)
    {
        var rounds = (int)(TimeSpan.FromSeconds(seconds) / SyncInterval);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var node in nodes)
            {
                for (var key = 0; key < keys; key++)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        node.Limiter.Acquire(Policy, keys == 1 ? "tenant-a" : $"tenant-{key}");
                    }
                }

                await node.Sync.SyncAsync(CancellationToken.None);
            }

            time.Advance(SyncInterval);
        }

        return rounds;
    }

    /// <summary>The partition of the key under the policy as <see cref="Settings"/> configures it with a limit of 1,000.</summary>
    private static string PartitionOf(string key) =>
        new WindowFamily(Policy, new RateLimitPolicyOptions { Limit = 1_000 }).PartitionKey(CounterKeys.Bucket(key, 16), 0);

    private static Dictionary<string, string?> Settings(long limit) => new()
    {
        ["SyncInterval"] = SyncInterval.ToString("c", CultureInfo.InvariantCulture),
        [$"Policies:{Policy}:Limit"] = limit.ToString(CultureInfo.InvariantCulture),
    };
}
