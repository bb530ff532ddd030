using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Four instances (DI containers with their own ids) share one key on a store in memory, with the default one-second
/// windows and 250 ms sync interval; a clock the test moves paces the load and the rounds, and the instances' ids are
/// fixed, so nothing depends on how busy the machine is or on which instance the ids' hashes make the coordinator.
/// </summary>
public sealed class MultiInstanceAccuracyTests(ITestOutputHelper output)
{
    private const int Instances = 4;
    private const long Limit = 200;
    private const long Burst = 300;
    private const string Policy = "shared";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    // Per instance: its grants read and one transaction per round, plus a presence write and lease read every fourth round;
    // for the coordinator also the partition read and the grant transaction per round, and for the presence coordinator a
    // presence read and a lease write every fourth round.
    private static readonly double OperationsBound = ((Instances * (2 + 0.5)) + 2 + 0.5) / SyncInterval.TotalSeconds;

    [Fact]
    public async Task Four_instances_under_three_times_overload_admit_no_more_than_the_budget_and_nearly_all_of_it()
    {
        var (nodes, time) = await StartAsync();
        try
        {
            var run = await PacedLoad.DriveAsync(nodes, time, SyncInterval, Policy, "tenant-a", 3 * Limit, windows: 10);

            var allowed = (Limit * 10) + (Burst - Limit);
            Report("3x overload, 10 windows", run, allowed);
            Assert.InRange(run.Admitted, (long)(0.95 * allowed), allowed);
            Assert.InRange(run.OperationsPerSecond, 0.9 * OperationsBound, 1.1 * OperationsBound);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task Storage_operations_per_second_do_not_grow_with_the_request_rate()
    {
        var (nodes, time) = await StartAsync();
        try
        {
            var light = await PacedLoad.DriveAsync(nodes, time, SyncInterval, Policy, "tenant-a", Limit / 2, windows: 4);
            var heavy = await PacedLoad.DriveAsync(nodes, time, SyncInterval, Policy, "tenant-a", 6 * Limit, windows: 4);

            Report("0.5x load, 4 windows", light, Limit * 4);
            Report("6x overload, 4 windows", heavy, (Limit * 4) + (Burst - Limit));
            Assert.Equal(light.Issued, light.Admitted);
            Assert.InRange(heavy.Admitted, (long)(0.95 * Limit * 4), (Limit * 4) + (Burst - Limit));
            Assert.InRange(light.OperationsPerSecond, 0.9 * OperationsBound, 1.1 * OperationsBound);
            Assert.InRange(heavy.OperationsPerSecond, 0.95 * light.OperationsPerSecond, 1.05 * light.OperationsPerSecond);
        }
        finally
        {
            await LimiterNode.DisposeAllAsync(nodes);
        }
    }

    private static async Task<(LimiterNode[] Nodes, FakeTimeProvider Time)> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryRateLimitStore();
        var settings = new Dictionary<string, string?>
        {
            ["SyncInterval"] = SyncInterval.ToString("c", CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Limit"] = Limit.ToString(CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        };
        var nodes = Enumerable.Range(0, Instances).Select(i => LimiterNode.Create(store, settings, time, $"instance-{i}")).ToArray();

        // Two seconds of rounds: every instance has read the presence of all the others.
        await PacedLoad.RunRoundsUntilAsync(nodes, time, SyncInterval, time.GetUtcNow().AddSeconds(2));
        Assert.All(nodes, node => Assert.Equal(Instances, node.Sync.LiveInstances));
        return (nodes, time);
    }

    private void Report(string name, LoadRun run, long allowed) => output.WriteLine(
        $"{name}: issued {run.Issued}, admitted {run.Admitted} of {allowed} allowed ({(double)run.Admitted / allowed:P1}); " +
        $"{run.StorageOperations} storage operations in {run.Duration.TotalSeconds:F2} s = {run.OperationsPerSecond:F1}/s (bound {OperationsBound:F0}/s)");
}
