using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// docs/auth-and-rate-limits.md's storage cost of the current algorithm, worked out per partition: every
/// <c>SyncInterval</c>, each of N instances queries every partition holding a key it uses (reading every row in it, one
/// transaction per 1,000) and writes its own row of each such key (one transaction per 100), and every fourth round it
/// writes its presence row and reads all N. Assumes every instance uses every key, as under steady load spread at
/// random; rows of keys an instance stopped using still count, since they stay in the partition for minutes.
/// </summary>
public static class CostFormula
{
    public static CostPrediction Current(FleetScenario scenario, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        return Current(scenario.Instances, scenario.KeyNames, scenario.Policy.Name, options.Partitions, options.SyncInterval);
    }

    public static CostPrediction Current(int instances, IReadOnlyList<string> keys, string policy, int partitions, TimeSpan syncInterval)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var roundsPerSecond = instances / syncInterval.TotalSeconds;
        var family = new WindowFamily(policy, new RateLimitPolicyOptions { Limit = 1 });
        var keysPerPartition = keys.GroupBy(key => family.PartitionKey(CounterKeys.Bucket(key, partitions), 0), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

        var presenceTransactions = (1.0 + Pages(instances)) / 4;
        var transactions = roundsPerSecond * (keysPerPartition.Values.Sum(count => Pages(instances * count) + Batches(count)) + presenceTransactions);
        var (hottest, entities) = keysPerPartition
            .Select(partition => (partition.Key, Entities: roundsPerSecond * (instances + 1) * partition.Value))
            .Append((CounterKeys.PresencePartition, Entities: roundsPerSecond / 4 * (instances + 1)))
            .MaxBy(partition => partition.Entities);
        return new CostPrediction(transactions, entities, hottest);
    }

    /// <summary>
    /// docs/auth-and-rate-limits.md's storage cost of coordinator mode, every instance using every key: per round each
    /// instance reads its grants and writes its rows in each partition with keys, and every fourth round writes its
    /// presence and reads the presence lease; each partition's coordinator reads its N × k rows and writes as many grants
    /// (99 to a transaction) with its lease; the presence coordinator reads N presence rows every fourth round. The round's interval is
    /// the adapted one: at least 2 × N × k / 1,200 s for the fullest partition and 2 × N × P / AccountTransactionsPerSecond.
    /// </summary>
    public static CostPrediction Coordinator(FleetScenario scenario, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var instances = scenario.Instances;
        var family = new WindowFamily(scenario.Policy.Name, new RateLimitPolicyOptions { Limit = 1 });
        var keysPerPartition = scenario.KeyNames.GroupBy(key => family.PartitionKey(CounterKeys.Bucket(key, options.Partitions), 0), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var fullest = keysPerPartition.Values.DefaultIfEmpty(0).Max();
        var interval = TimeSpan.FromTicks(Math.Max(
            options.SyncInterval.Ticks,
            Math.Max(
                PartitionCoordinator.IntervalFor(instances * fullest, options.SyncInterval).Ticks,
                TimeSpan.FromSeconds(2.0 * instances * keysPerPartition.Count / options.AccountTransactionsPerSecond).Ticks)));
        var roundsPerSecond = 1 / interval.TotalSeconds;
        var perInstance = keysPerPartition.Values.Sum(count => 1 + Batches(count)) + 0.5;
        var coordinators = keysPerPartition.Values.Sum(count => Pages(instances * count) + ((instances * count) + 98) / 99) + ((1.0 + Pages(instances)) / 4);
        var transactions = roundsPerSecond * ((instances * perInstance) + coordinators);
        var (hottest, entities) = keysPerPartition
            .Select(partition => (partition.Key, Entities: roundsPerSecond * ((2.0 * instances * partition.Value) + 1)))
            .Append((CounterKeys.PresencePartition, Entities: roundsPerSecond / 4 * 2 * instances))
            .MaxBy(partition => partition.Entities);
        return new CostPrediction(transactions, entities, hottest);
    }

    private static int Pages(int rows) => Math.Max(1, (rows + TableStorageModel.EntitiesPerPage - 1) / TableStorageModel.EntitiesPerPage);

    private static int Batches(int rows) => (rows + 99) / 100;
}
