using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Four instances on one real Azurite, with the rounds of all four started together so that their reads and writes
/// interleave however the table serves them. A clock the test moves paces the load; nothing asserted depends on how the
/// table and the machine schedule the work.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class TableStoreAccuracyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Instances = 4;
    private const long Limit = 200;
    private const long Burst = 300;
    private const int Windows = 10;
    private const string Policy = "shared";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Four_instances_whose_rounds_overlap_on_table_storage_admit_no_more_than_the_token_bucket_allows()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["Table"] = LimiterNode.NewTable(),
            ["SyncInterval"] = SyncInterval.ToString("c", CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Limit"] = Limit.ToString(CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        };
        var nodes = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => LimiterNode.StartAsync(azurite, settings, time, backgroundSync: false)));
        var key = "tenant-" + Guid.NewGuid().ToString("N");
        try
        {
            // Two windows of light use, so every counter exists and has synced before the windows measured (a counter's
            // first window may start with an even split beyond the budget: docs/auth-and-rate-limits.md's bound counts that apart).
            var measuredFrom = PacedLoad.NextWindow(time.GetUtcNow()).AddSeconds(2);
            await RunAsync(nodes, time, measuredFrom, elapsed => 1 + (long)(elapsed.TotalSeconds * 4), key);
            Assert.All(nodes, node => Assert.Equal(Instances, node.Sync.LiveInstances));

            // Three times the limit, spread over the instances, for ten windows.
            var perWindow = await RunAsync(nodes, time, measuredFrom.AddSeconds(Windows), elapsed => (long)(elapsed.TotalSeconds * 3 * Limit / Instances), key);

            // A token bucket of capacity Burst refilled by Limit a window admits at most Burst + (k - 1) x Limit in k windows.
            var allowed = Burst + ((Windows - 1) * Limit);
            var admitted = perWindow.Values.Sum();
            output.WriteLine($"Admitted {admitted} of {allowed} allowed over {Windows} windows: {string.Join(", ", perWindow.Values)}");
            Assert.All(perWindow.Values, count => Assert.InRange(count, 0, Burst));
            Assert.InRange(admitted, (long)(0.8 * allowed), allowed);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    /// <summary>
    /// Moves the clock in 5 ms steps until <paramref name="until"/>; at each, every instance issues what <paramref name="due"/>
    /// says it owes by then, and every 250 ms all four run a round at once. Returns what each window admitted.
    /// </summary>
    private static async Task<SortedDictionary<long, long>> RunAsync(
        LimiterNode[] nodes, FakeTimeProvider time, DateTimeOffset until, Func<TimeSpan, long> due, string key)
    {
        var start = time.GetUtcNow();
        var issued = new long[nodes.Length];
        var perWindow = new SortedDictionary<long, long>();
        for (var now = start; now < until; now = time.GetUtcNow())
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                for (var owed = due(now - start); issued[i] < owed; issued[i]++)
                {
                    if (nodes[i].Limiter.Acquire(Policy, key).IsAllowed)
                    {
                        var window = now.ToUnixTimeSeconds();
                        perWindow[window] = perWindow.GetValueOrDefault(window) + 1;
                    }
                }
            }

            if (now.Ticks % SyncInterval.Ticks < Step.Ticks)
            {
                await Task.WhenAll(nodes.Select(node => node.Sync.SyncAsync(CancellationToken.None)));
            }

            time.Advance(Step);
        }

        return perWindow;
    }
}
