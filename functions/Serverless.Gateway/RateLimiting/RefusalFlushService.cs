using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Writes the refusal summaries of <see cref="RefusalRecorder"/> every <see cref="FlushInterval"/> and once more at stop,
/// and removes rows older than <see cref="TableRefusalStore.Retention"/> every <see cref="CleanupInterval"/>. Apart from
/// the requests it serves: a storage failure keeps the summaries for the next flush and is logged, nothing else.
/// </summary>
internal sealed class RefusalFlushService(
    RefusalRecorder recorder, TableRefusalStore store, RateLimitFleet fleet, IOptions<RateLimitingOptions> options, TimeProvider time,
    ILogger<RefusalFlushService> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    /// <summary>A flush slower than this is abandoned and retried at the next one: storage that hangs must not stop the flushes.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _flush = new(1, 1);
    private DateTimeOffset _cleanupDueAt = DateTimeOffset.MinValue;
    private bool _failing;

    private bool IsEnabled => options.Value.Policies.Count > 0 || options.Value.Plans.Count > 0;

    /// <summary>Writes what was refused since the last flush; false, without throwing, when storage failed.</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        using var timeout = new CancellationTokenSource(FlushTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (recorder.TakeDropped() is > 0 and var dropped)
            {
                logger.RefusalsDropped(dropped, RefusalRecorder.MaxSummaries);
            }

            var now = time.GetUtcNow();
            var unwritten = recorder.Unwritten();
            if (unwritten.Count > 0)
            {
                await store.WriteAsync([.. unwritten.Select(entry => TableRefusalStore.ToEntity(entry.Key, entry.Count, entry.Last, fleet.InstanceId))], linked.Token);
                foreach (var entry in unwritten)
                {
                    entry.Summary.MarkWritten(entry.Count);
                }
            }

            recorder.Prune(now.ToUnixTimeSeconds() / 60);
            if (unwritten.Count > 0 && now >= _cleanupDueAt)
            {
                _cleanupDueAt = now + CleanupInterval;
                if (await store.RemoveExpiredAsync(linked.Token) is > 0 and var removed)
                {
                    logger.RemovedOldRefusals(removed, TableRefusalStore.Retention);
                }
            }

            _failing = false;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                logger.RefusalsNotWritten(exception, store.TableName, RefusalRecorder.MaxSummaries);
                _failing = true;
            }

            return false;
        }
        finally
        {
            _flush.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!IsEnabled)
        {
            return;
        }

        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time to stop: the summaries of the last seconds are lost, the requests were answered.
        }
    }

    public override void Dispose()
    {
        _flush.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(FlushInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }
}
