namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Azure Table Storage's throughput and latency, as the fleet simulation models them, apart from what the rows hold
/// (<see cref="SimulatedTable"/>) and from the operations the limiter calls (<see cref="SimulatedRateLimitStore"/>).
/// Azure documents its scalability targets as up to 2,000 entities per second for a single table partition and
/// 20,000 transactions per second for a storage account (both with 1 KiB entities), and answers 503 Server Busy when a
/// partition is pushed past what it can handle. Here each transaction (a query page of up to 1,000 entities, an entity
/// group transaction, a delete) is charged at the moment it starts against the second of simulated time it starts in:
/// if it would take its partition past <see cref="PartitionEntitiesPerSecond"/> entities or the account past
/// <see cref="AccountTransactionsPerSecond"/> transactions served in that second, it is throttled and serves nothing.
/// So throttling happens exactly when, and only when, a second's demand is above a target; the real service can
/// throttle earlier (while it rebalances partitions, for instance), so being within the targets here is necessary, not
/// sufficient.
/// </summary>
public sealed class TableStorageModel(LogNormalLatency latency)
{
    public const int PartitionEntitiesPerSecond = 2_000;
    public const int AccountTransactionsPerSecond = 20_000;
    public const int EntitiesPerPage = 1_000;

    private readonly Dictionary<string, Dictionary<long, StorageBucket>> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StorageBucket> _account = [];

    public TableStorageModel()
        : this(LogNormalLatency.AzureTable)
    {
    }

    public LogNormalLatency Latency { get; } = latency;

    /// <summary>
    /// Charges one transaction touching <paramref name="entities"/> entities of a partition, starting at
    /// <paramref name="at"/>; false if it is throttled.
    /// </summary>
    public bool TryAdmit(string partitionKey, int entities, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var cost = Math.Max(1, entities);
        var second = at.ToUnixTimeSeconds();
        if (!_partitions.TryGetValue(partitionKey, out var seconds))
        {
            _partitions[partitionKey] = seconds = [];
        }

        var partition = Bucket(seconds, second);
        var account = Bucket(_account, second);
        partition.AttemptedEntities += cost;
        partition.AttemptedTransactions++;
        account.AttemptedEntities += cost;
        account.AttemptedTransactions++;
        if (partition.ServedEntities + cost > PartitionEntitiesPerSecond || account.ServedTransactions + 1 > AccountTransactionsPerSecond)
        {
            partition.ThrottledTransactions++;
            account.ThrottledTransactions++;
            return false;
        }

        partition.ServedEntities += cost;
        partition.ServedTransactions++;
        account.ServedEntities += cost;
        account.ServedTransactions++;
        return true;
    }

    public TimeSpan SampleLatency(Random random) => Latency.Sample(random);

    /// <summary>What was asked of storage in the whole seconds from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    public StorageUsage Usage(DateTimeOffset from, DateTimeOffset to)
    {
        var first = from.ToUnixTimeSeconds();
        var last = to.ToUnixTimeSeconds();
        var partitions = _partitions
            .Where(partition => partition.Value.Keys.Any(second => second >= first && second < last))
            .ToDictionary(partition => partition.Key, partition => Range(partition.Value, first, last), StringComparer.Ordinal);
        return new StorageUsage(partitions, Range(_account, first, last));
    }

    private static StorageBucket[] Range(Dictionary<long, StorageBucket> seconds, long first, long last) =>
        [.. Enumerable.Range(0, (int)Math.Max(0, last - first)).Select(offset => seconds.GetValueOrDefault(first + offset) ?? new StorageBucket())];

    private static StorageBucket Bucket(Dictionary<long, StorageBucket> seconds, long second)
    {
        if (!seconds.TryGetValue(second, out var bucket))
        {
            seconds[second] = bucket = new StorageBucket();
        }

        return bucket;
    }
}
