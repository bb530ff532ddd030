namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Storage demand over whole seconds of simulated time, per partition and for the account: what was asked (throttled
/// operations included), so that a rate above a target shows even though the model served no more than the target.
/// </summary>
public sealed class StorageUsage(IReadOnlyDictionary<string, StorageBucket[]> partitions, StorageBucket[] account)
{
    /// <summary>Per partition that was used, one bucket per second.</summary>
    public IReadOnlyDictionary<string, StorageBucket[]> Partitions { get; } = partitions;

    /// <summary>The account, one bucket per second.</summary>
    public IReadOnlyList<StorageBucket> Account { get; } = account;

    public int Seconds => Account.Count;

    /// <summary>The partition with the most entities asked for in one second, or null if storage was not used.</summary>
    public string? HottestPartition => Partitions.Count == 0 ? null
        : Partitions.MaxBy(partition => (partition.Value.Max(static bucket => bucket.AttemptedEntities), partition.Key))!.Key;

    public long PartitionEntitiesMax => PartitionSeconds.Select(static bucket => bucket.AttemptedEntities).DefaultIfEmpty().Max();

    /// <summary>The 99th percentile over every second of every partition used.</summary>
    public long PartitionEntitiesP99 => Percentile(PartitionSeconds.Select(static bucket => bucket.AttemptedEntities), 99);

    public long PartitionTransactionsMax => PartitionSeconds.Select(static bucket => bucket.AttemptedTransactions).DefaultIfEmpty().Max();

    public long PartitionTransactionsP99 => Percentile(PartitionSeconds.Select(static bucket => bucket.AttemptedTransactions), 99);

    public long AccountTransactionsMax => Account.Select(static bucket => bucket.AttemptedTransactions).DefaultIfEmpty().Max();

    public long AccountTransactionsP99 => Percentile(Account.Select(static bucket => bucket.AttemptedTransactions), 99);

    public long AccountEntitiesMax => Account.Select(static bucket => bucket.AttemptedEntities).DefaultIfEmpty().Max();

    public long AccountEntitiesP99 => Percentile(Account.Select(static bucket => bucket.AttemptedEntities), 99);

    public long Transactions => Account.Sum(static bucket => bucket.AttemptedTransactions);

    public long Throttled => Account.Sum(static bucket => bucket.ThrottledTransactions);

    public bool PartitionsWithinTarget => PartitionEntitiesMax <= TableStorageModel.PartitionEntitiesPerSecond;

    public bool AccountWithinTarget => AccountTransactionsMax <= TableStorageModel.AccountTransactionsPerSecond;

    /// <summary>Every partition and the account within Azure's targets in every second, and nothing throttled.</summary>
    public bool WithinTargets => PartitionsWithinTarget && AccountWithinTarget && Throttled == 0;

    private IEnumerable<StorageBucket> PartitionSeconds => Partitions.Values.SelectMany(static seconds => seconds);

    /// <summary>The nearest-rank percentile; 0 of nothing.</summary>
    private static long Percentile(IEnumerable<long> values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length), 1, sorted.Length) - 1];
    }
}
