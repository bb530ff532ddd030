using Azure;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One sync round, never overlapping another, with a deadline: in coordinator mode (<see cref="CoordinatedRound"/>) this
/// instance's grants read and its rows written per partition in use, and the partitions it coordinates granted; in peer
/// mode, per partition in use, one query for every shard in it, then the new allowances, then this instance's rows in
/// transactions of up to 100. Either way storage grows with the partitions in use, never with the request rate.
/// </summary>
internal sealed class RateLimitSynchronizer(
    IRateLimitStore store,
    IEnumerable<ICounterSource> sources,
    RateLimitFleet fleet,
    IOptions<RateLimitingOptions> options,
    TimeProvider time,
    RateLimitingMetrics metrics,
    ILogger<RateLimitSynchronizer> logger) : IRateLimitSynchronizer, IDisposable
{
    private const int MaxParallelPartitions = 8;

    private readonly ICounterSource[] _sources = [.. sources];
    private readonly TimeSpan _storageTimeout = options.Value.StorageTimeout;
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly CoordinatedRound _coordinated = new(store, fleet, options.Value, time, logger);
    private DateTimeOffset _presenceDueAt = DateTimeOffset.MinValue;
    private int _failedRounds;
    private DateTimeOffset? _lastRoundAt;

    public string InstanceId => fleet.InstanceId;

    public int LiveInstances => fleet.Instances;

    public bool IsStorageAvailable => fleet.IsStorageAvailable;

    public TimeSpan Interval => fleet.SyncInterval;

    public Task<bool> SyncAsync(CancellationToken cancellationToken) => RunAsync(flush: false, cancellationToken);

    public Task<bool> FlushAsync(CancellationToken cancellationToken) => RunAsync(flush: true, cancellationToken);

    private async Task<bool> RunAsync(bool flush, CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        var started = time.GetTimestamp();
        var succeeded = false;
        try
        {
            using var timeout = new CancellationTokenSource(_storageTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await RunRoundAsync(flush, wait => timeout.CancelAfter(_storageTimeout + wait), linked.Token);
            succeeded = true;
            if (_failedRounds > 0)
            {
                logger.StorageRecovered(_failedRounds);
                _failedRounds = 0;
            }

            fleet.IsStorageAvailable = true;
        }
        catch (Exception exception) when (IsStorageFailure(exception, cancellationToken))
        {
            fleet.IsStorageAvailable = false;
            metrics.StorageFailed(exception);
            if (_failedRounds++ == 0)
            {
                logger.StorageUnavailable(exception);
            }
            else
            {
                logger.StorageStillUnavailable(exception);
            }
        }
        finally
        {
            metrics.Synced(time.GetElapsedTime(started), succeeded);
            _round.Release();
        }

        return succeeded;
    }

    public void Dispose() => _round.Dispose();

    private Task RunRoundAsync(bool flush, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastRoundAt is { } last)
        {
            fleet.RoundGap = now - last;
        }

        _lastRoundAt = now;
        var due = new List<CounterState>();
        foreach (var source in _sources)
        {
            source.Collect(now, due);
        }

        return fleet.Coordination == RateLimitCoordination.Coordinator
            ? _coordinated.RunAsync(now, due, flush, extendDeadline, cancellationToken)
            : RunPeerRoundAsync(now, due, cancellationToken);
    }

    private async Task RunPeerRoundAsync(DateTimeOffset now, List<CounterState> due, CancellationToken cancellationToken)
    {
        if (now >= _presenceDueAt)
        {
            await SyncPresenceAsync(now, cancellationToken);
            _presenceDueAt = now + fleet.PresenceInterval;
        }

        // The caller's scheduler, as in CoordinatedRound.
        await Parallel.ForEachAsync(
            RoundParts.Partition(due),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current },
            (work, token) => new ValueTask(SyncPartitionAsync(work, now, token)));
    }

    private async Task SyncPartitionAsync(PartitionWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = work.Live.Count == 0 ? [] : await store.ReadPartitionAsync(work.PartitionKey, cancellationToken);
        var rowsByKey = rows.ToLookup(row => CounterKeys.KeyOf(row.RowKey), StringComparer.Ordinal);
        var writes = new List<(CounterState Counter, ShardRow Row)>(work.Live.Count + work.Closed.Count);
        foreach (var counter in work.Live)
        {
            lock (counter.Gate)
            {
                counter.Apply([.. rowsByKey[counter.EscapedKey]], now, fleet);
                RoundParts.Queue(work, counter, now, fleet, writes);
            }
        }

        writes.AddRange(work.Closed);
        await RoundParts.WriteAsync(store, work.PartitionKey, writes, cancellationToken);
        if (!work.KeepsPeriods)
        {
            await RoundParts.RemoveStaleRowsAsync(store, logger, work.PartitionKey, rows, now, cancellationToken);
        }
    }

    private async Task SyncPresenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.WriteAsync(CounterKeys.PresencePartition, [RoundParts.Presence(fleet, now)], cancellationToken);
        var rows = await store.ReadPartitionAsync(CounterKeys.PresencePartition, cancellationToken);
        fleet.Instances = rows.Count(row => row.LeaseUntil >= now);
        await RoundParts.RemoveStaleRowsAsync(store, logger, CounterKeys.PresencePartition, rows, now, cancellationToken);
    }

    private static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
