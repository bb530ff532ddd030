using Serverless.Gateway.Benchmarks.Reporting;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>The raw figures of one measured run at one offered load.</summary>
public sealed record DistributedLimitRun
{
    private const string PresencePartition = "presence";
    private const string PresenceLeasePartition = "presence~g";

    /// <summary>Offered load as a multiple of the limit.</summary>
    public required double LoadFactor { get; init; }

    /// <summary>Requests per second offered in total, spread evenly over the gateways.</summary>
    public required double OfferedPerSecond { get; init; }

    public required IReadOnlyList<RequestOutcome> Outcomes { get; init; }

    /// <summary>Requests that reached the backend during the run.</summary>
    public required long BackendRequests { get; init; }

    /// <summary>Every Table request the gateways made while the load ran, over <see cref="StorageDuration"/>.</summary>
    public required StorageOperationCounts Storage { get; init; }

    public required TimeSpan StorageDuration { get; init; }

    /// <summary>The policy's limit and burst and the fleet's shape, from which <see cref="Allowed"/> and <see cref="OperationsBound"/> follow.</summary>
    public required DistributedLimitOptions Options { get; init; }

    public long Sent => Outcomes.Count;

    public long Admitted => Outcomes.Count(static outcome => outcome.Status == 200);

    public long Refused => Outcomes.Count(static outcome => outcome.Status == 429);

    /// <summary>Answers neither 200 nor 429, and requests without an answer: none is expected.</summary>
    public long OtherAnswers => Sent - Admitted - Refused;

    /// <summary>
    /// The windows any decision may have fallen in: from the first request sent to the last answer received. Normally the
    /// planned windows; one more if an answer came after the last window ended.
    /// </summary>
    public int Windows => Outcomes.Count == 0 ? 0
        : (int)(Outcomes.Max(static outcome => outcome.Answered).ToUnixTimeSeconds() - Outcomes.Min(static outcome => outcome.Sent).ToUnixTimeSeconds() + 1);

    /// <summary>
    /// The limit in each window spanned, plus the burst's extra once: each run starts after an idle window, so its first
    /// window may carry over <c>Burst − Limit</c>; later windows are all used up under overload and carry nothing.
    /// </summary>
    public long Allowed => (Options.Limit * Windows) + ((Options.Burst ?? Options.Limit) - Options.Limit);

    /// <summary>Admitted over allowed, in percent; negative when fewer were admitted (always under light load).</summary>
    public double ExcessPercent => Allowed == 0 ? 0 : 100.0 * (Admitted - Allowed) / Allowed;

    public TimeSpan LatencyP50 => Percentile(50);

    public TimeSpan LatencyP99 => Percentile(99);

    /// <summary>Requests to the rate-limit table: counter shards and presence rows, each query or batch one operation.</summary>
    public long LimiterOperations => Storage.Count(static operation => operation.Table == DistributedLimitEnvironment.RateLimitTable);

    public double LimiterOperationsPerSecond => LimiterOperations / StorageDuration.TotalSeconds;

    public long CounterQueries => CounterOperations(StorageOperation.Query);

    public long CounterBatches => CounterOperations(StorageOperation.Batch);

    public long PresenceOperations => Storage.Count(static operation => IsLimiter(operation) && IsPresence(operation.Partition));

    /// <summary>Anything else on the rate-limit table: stale-row deletes, table creation.</summary>
    public long OtherLimiterOperations => LimiterOperations - CounterQueries - CounterBatches - PresenceOperations;

    /// <summary>Key lookups: after the cache duration (30 s) each instance re-reads its key in the background.</summary>
    public long KeyTableOperations => Storage.Count(static operation => operation.Table == DistributedLimitEnvironment.KeyTable);

    public long OtherTableOperations => Storage.Total - LimiterOperations - KeyTableOperations;

    /// <summary>
    /// Counter partitions in use, those the instances write their rows to: the rate-limit key's and the tenant's day and
    /// month quota partitions. Only a partition's coordinator reads it, so reads would miss those nobody coordinates.
    /// </summary>
    public int CounterPartitions => Storage.Counts.Keys
        .Where(static operation => IsLimiter(operation) && operation.Kind == StorageOperation.Batch && !IsPresence(operation.Partition) && !IsGrants(operation.Partition))
        .Select(static operation => operation.Partition)
        .Distinct(StringComparer.Ordinal)
        .Count();

    /// <summary>
    /// docs/auth-and-rate-limits.md's fleet cost, whatever the request rate: (N × (2 × P + 0.5) + 2 × P + 0.5) / SyncInterval,
    /// each instance's grant read and write per partition and its presence, and each partition's coordinator.
    /// </summary>
    public double OperationsBound =>
        ((Options.Instances * ((2.0 * CounterPartitions) + 0.5)) + (2.0 * CounterPartitions) + 0.5) / Options.SyncInterval.TotalSeconds;

    /// <summary>
    /// Grant reads made over those the schedule asks for (one per partition in use, instance and sync interval): well below 1
    /// means rounds were late, as when the processes wait for the cores, and allowances were set from stale counts.
    /// </summary>
    public double RoundsOnSchedule => GrantPartitions == 0 ? 0
        : Storage.Count(static operation => IsLimiter(operation) && operation.Kind == StorageOperation.Query && IsGrants(operation.Partition))
            / (Options.Instances * GrantPartitions * StorageDuration.TotalSeconds / Options.SyncInterval.TotalSeconds);

    /// <summary>Grant partitions the instances read: those of counters with a limit (unlimited quotas need no grants).</summary>
    private int GrantPartitions => Storage.Counts.Keys
        .Where(static operation => IsLimiter(operation) && operation.Kind == StorageOperation.Query && IsGrants(operation.Partition))
        .Select(static operation => operation.Partition)
        .Distinct(StringComparer.Ordinal)
        .Count();

    private long CounterOperations(string kind) =>
        Storage.Count(operation => IsLimiter(operation) && operation.Kind == kind && !IsPresence(operation.Partition));

    private static bool IsPresence(string? partition) => partition is PresencePartition or PresenceLeasePartition;

    private static bool IsGrants(string? partition) => partition?.EndsWith("~g", StringComparison.Ordinal) is true;

    private static bool IsLimiter(StorageOperation operation) => operation.Table == DistributedLimitEnvironment.RateLimitTable;

    private TimeSpan Percentile(double percent)
    {
        var answered = Outcomes.Where(static outcome => outcome.Status != 0).Select(static outcome => outcome.Latency).Order().ToArray();
        return answered.Length == 0 ? TimeSpan.Zero : Statistics.Percentile(answered, percent);
    }
}
