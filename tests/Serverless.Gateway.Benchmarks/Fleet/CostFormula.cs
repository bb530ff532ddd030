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

    private static int Pages(int rows) => Math.Max(1, (rows + TableStorageModel.EntitiesPerPage - 1) / TableStorageModel.EntitiesPerPage);

    private static int Batches(int rows) => (rows + 99) / 100;
}
