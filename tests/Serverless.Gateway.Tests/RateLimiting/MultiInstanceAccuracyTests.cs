using System.Globalization;
using Serverless.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Four instances (DI containers with their own ids and background sync) share one key on one Azurite, with the default
/// one-second windows and 250 ms sync interval.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MultiInstanceAccuracyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Instances = 4;
    private const long Limit = 200;
    private const long Burst = 300;
    private const string Policy = "shared";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    // Per instance: one partition read and one transaction per round, plus a presence write and read every fourth round.
    private static readonly double OperationsBound = Instances * (2 + 0.5) / SyncInterval.TotalSeconds;

    [Fact]
    public async Task Four_instances_under_three_times_overload_admit_at_most_five_percent_over_the_limit()
    {
        var nodes = await StartAsync();
        try
        {
            var run = await PacedLoad.DriveAsync(nodes, Policy, "tenant-" + Guid.NewGuid().ToString("N"), 3 * Limit, windows: 10);

            var allowed = (Limit * 10) + (Burst - Limit);
            Report("3x overload, 10 windows", run, allowed);
            Assert.InRange(run.Admitted, (long)(0.8 * allowed), (long)(1.05 * allowed));
            Assert.InRange(run.OperationsPerSecond, 0, 1.2 * OperationsBound);
        }
        finally
        {
            await DisposeAsync(nodes);
        }
    }

    [Fact]
    public async Task Storage_operations_per_second_do_not_grow_with_the_request_rate()
    {
        var nodes = await StartAsync();
        try
        {
            var key = "tenant-" + Guid.NewGuid().ToString("N");
            var light = await PacedLoad.DriveAsync(nodes, Policy, key, Limit / 2, windows: 4);
            var heavy = await PacedLoad.DriveAsync(nodes, Policy, key, 6 * Limit, windows: 4);

            Report("0.5x load, 4 windows", light, Limit * 4);
            Report("6x overload, 4 windows", heavy, (Limit * 4) + (Burst - Limit));
            Assert.Equal(light.Issued, light.Admitted);
            Assert.InRange(heavy.Admitted, (long)(0.8 * Limit * 4), (long)(1.05 * ((Limit * 4) + (Burst - Limit))));
            Assert.InRange(light.OperationsPerSecond, 0.5 * OperationsBound, 1.2 * OperationsBound);
            Assert.InRange(heavy.OperationsPerSecond, 0.8 * light.OperationsPerSecond, 1.2 * light.OperationsPerSecond);
        }
        finally
        {
            await DisposeAsync(nodes);
        }
    }

    private async Task<LimiterNode[]> StartAsync()
    {
        var nodes = await LimiterNode.StartManyAsync(azurite, Instances, new Dictionary<string, string?>
        {
            ["Table"] = LimiterNode.NewTable(),
            ["SyncInterval"] = SyncInterval.ToString("c", CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Limit"] = Limit.ToString(CultureInfo.InvariantCulture),
            [$"Policies:{Policy}:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        });
        await Eventually.TrueAsync(
            () => nodes.All(node => node.Sync.LiveInstances == Instances), TimeSpan.FromSeconds(15), "The instances did not see each other.");
        return nodes;
    }

    private void Report(string name, LoadRun run, long allowed) => output.WriteLine(
        $"{name}: issued {run.Issued}, admitted {run.Admitted} of {allowed} allowed ({(double)run.Admitted / allowed:P1}); " +
        $"{run.StorageOperations} storage operations in {run.Duration.TotalSeconds:F2} s = {run.OperationsPerSecond:F1}/s (bound {OperationsBound:F0}/s)");

    private static async Task DisposeAsync(LimiterNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
