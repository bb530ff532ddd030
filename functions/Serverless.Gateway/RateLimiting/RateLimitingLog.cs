namespace Serverless.Gateway.RateLimiting;

/// <summary>Log events of the distributed rate limiter and quotas, ids 2200-2299. Nothing is logged per request.</summary>
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
}
