namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Log events of the distributed rate limiter and quotas, ids 2200-2299. Nothing is logged per request: a refusal is logged
/// only as the first of its tenant, route, policy and minute (<see cref="RefusalRecorder"/>).
/// </summary>
internal static partial class RateLimitingLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Rate limiting runs as instance {InstanceId}: {PolicyCount} policies, {PlanCount} plans, syncing every {SyncInterval} with table {Table}")]
    public static partial void Started(this ILogger logger, string instanceId, int policyCount, int planCount, TimeSpan syncInterval, string table);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Rate-limit storage is unavailable; fail-open policies and plans keep deciding under local-only limits, fail-closed ones reject requests until it returns")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Rate-limit storage is still unavailable")]
    public static partial void StorageStillUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Rate-limit storage is available again after {FailedRounds} failed sync rounds; the counts kept meanwhile are written")]
    public static partial void StorageRecovered(this ILogger logger, int failedRounds);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Rate-limit counts could not be written at stop; quota counts of the last sync interval are lost")]
    public static partial void FinalFlushFailed(this ILogger logger);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Debug, Message = "Removed {Count} rows of instances gone for over {Retention} from partition {PartitionKey}")]
    public static partial void RemovedStaleRows(this ILogger logger, int count, TimeSpan retention, string partitionKey);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Tenant {Tenant} refused on route {Route} by {LimitKind} {Policy} ({Limit} per {Window}): this instance's allowance {Allowance}, admitted {Admitted}, limiter {Limiter} ({ProblemCode}); more refusals of the minute are counted, not logged")]
    public static partial void FirstRefusal(
        this ILogger logger, string tenant, string route, string limitKind, string policy, long limit, TimeSpan window, long allowance, long admitted, string limiter,
        string problemCode);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Recent refusals could not be written to table {Table}; they are kept in memory (up to {MaxSummaries} summaries) and written when storage answers")]
    public static partial void RefusalsNotWritten(this ILogger logger, Exception exception, string table, int maxSummaries);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "{Dropped} refusals were not kept for usage: {MaxSummaries} summaries were waiting to be written")]
    public static partial void RefusalsDropped(this ILogger logger, long dropped, int maxSummaries);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Debug, Message = "Removed {Count} refusal summaries older than {Retention}")]
    public static partial void RemovedOldRefusals(this ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "This instance now coordinates rate-limit partition {PartitionKey}")]
    public static partial void CoordinatorTookOver(this ILogger logger, string partitionKey);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "This instance no longer coordinates rate-limit partition {PartitionKey}: {Reason}")]
    public static partial void CoordinatorStepped(this ILogger logger, string partitionKey, string reason);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Information, Message = "Rate-limit sync interval is now {Interval} ({Instances} live instances, {Partitions} partitions in use) to stay within storage targets")]
    public static partial void IntervalChanged(this ILogger logger, TimeSpan interval, int instances, int partitions);
}
