using Azure;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One sync round: per partition holding counters in use, one query for every shard in it, then the new allowances,
/// then this instance's rows in transactions of up to 100. Storage operations per round therefore grow with the
/// partitions in use, never with the request rate. Rounds never overlap.
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
    // Rows of instances gone this long are removed; long enough that no counter still needs their counts.
    private static readonly TimeSpan DeadRowRetention = TimeSpan.FromMinutes(10);
    private const int MaxDeletesPerPartition = 20;
    private const int MaxParallelPartitions = 8;

    private readonly ICounterSource[] _sources = [.. sources];
    private readonly TimeSpan _storageTimeout = options.Value.StorageTimeout;
    private readonly SemaphoreSlim _round = new(1, 1);
    private DateTimeOffset _presenceDueAt = DateTimeOffset.MinValue;
    private int _failedRounds;

    public string InstanceId => fleet.InstanceId;

    public int LiveInstances => fleet.Instances;

    public bool IsStorageAvailable => fleet.IsStorageAvailable;

    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        var started = time.GetTimestamp();
        var succeeded = false;
        try
        {
            using var timeout = new CancellationTokenSource(_storageTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await RunRoundAsync(linked.Token);
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

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= _presenceDueAt)
        {
            await SyncPresenceAsync(now, cancellationToken);
            _presenceDueAt = now + fleet.PresenceInterval;
        }

        var due = new List<CounterState>();
        foreach (var source in _sources)
        {
            source.Collect(now, due);
        }

        await Parallel.ForEachAsync(
            Partition(due),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken },
            (work, token) => new ValueTask(SyncPartitionAsync(work, now, token)));
    }

    private static Dictionary<string, PartitionWork>.ValueCollection Partition(List<CounterState> due)
    {
        var partitions = new Dictionary<string, PartitionWork>(StringComparer.Ordinal);
        PartitionWork Work(string partitionKey, CounterState counter) =>
            partitions.TryGetValue(partitionKey, out var work) ? work
                : partitions[partitionKey] = new PartitionWork(partitionKey, counter.Family.KeepsPeriods);

        foreach (var counter in due)
        {
            lock (counter.Gate)
            {
                Work(counter.PartitionKey, counter).Live.Add(counter);
                foreach (var closed in counter.ClosedRows)
                {
                    Work(closed.PartitionKey, counter).Closed.Add((counter, closed));
                }
            }
        }

        return partitions.Values;
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
                var row = counter.Row(now, fleet);

                // A counter that entered a new quota period since it was collected is written to that period's partition next round.
                if (row.PartitionKey == work.PartitionKey)
                {
                    counter.Writing(row);
                    writes.Add((counter, row));
                }
            }
        }

        writes.AddRange(work.Closed);
        foreach (var chunk in writes.Chunk(PartitionTransaction.MaxActions))
        {
            await store.WriteAsync(work.PartitionKey, [.. chunk.Select(write => write.Row)], cancellationToken);
            foreach (var (counter, row) in chunk)
            {
                lock (counter.Gate)
                {
                    counter.MarkWritten(row);
                }
            }
        }

        if (!work.KeepsPeriods)
        {
            await RemoveStaleRowsAsync(work.PartitionKey, rows, now, cancellationToken);
        }
    }

    private async Task SyncPresenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var presence = new ShardRow(CounterKeys.PresencePartition, fleet.InstanceId, 0, 0, 0, 0, 0, 0, 0, now + fleet.PresenceLease);
        await store.WriteAsync(CounterKeys.PresencePartition, [presence], cancellationToken);
        var rows = await store.ReadPartitionAsync(CounterKeys.PresencePartition, cancellationToken);
        fleet.Instances = rows.Count(row => row.LeaseUntil >= now);
        await RemoveStaleRowsAsync(CounterKeys.PresencePartition, rows, now, cancellationToken);
    }

    /// <summary>Window and presence rows are rewritten in place, but every process has new ids: remove the rows of the long gone.</summary>
    private async Task RemoveStaleRowsAsync(string partitionKey, IReadOnlyList<ShardRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var row in rows.Where(row => row.LeaseUntil < now - DeadRowRetention).Take(MaxDeletesPerPartition))
        {
            removed += await store.DeleteAsync(row, cancellationToken) ? 1 : 0;
        }

        if (removed > 0)
        {
            logger.RemovedStaleRows(removed, DeadRowRetention, partitionKey);
        }
    }

    private static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
