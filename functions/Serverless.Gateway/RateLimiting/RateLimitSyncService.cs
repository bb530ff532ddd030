using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Runs a sync round as the server starts (rate-limit and quota decisions wait for it through
/// <see cref="RateLimitReadiness"/>, so a new instance knows the fleet size before it counts its first request), then
/// every <see cref="IRateLimitSynchronizer.Interval"/>, and a last one at stop so no admitted request goes uncounted.
/// </summary>
internal sealed class RateLimitSyncService(
    IRateLimitSynchronizer synchronizer, IOptions<RateLimitingOptions> options, LiveRateLimitingOptions live, RateLimitReadiness readiness,
    TimeProvider time, ILogger<RateLimitSyncService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Without policies or plans nothing is counted, and a gateway that only proxies needs no storage at all; a revision
    // that brings the first ones starts the rounds without a restart.
    private bool IsEnabled => live.Current.Policies.Count > 0 || live.Current.Plans.Count > 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsEnabled)
        {
            var settings = options.Value;
            logger.Started(synchronizer.InstanceId, live.Current.Policies.Count, live.Current.Plans.Count, settings.SyncInterval, settings.Table);

            // Before the server listens, so no request is decided before the round that ExecuteAsync runs.
            readiness.Begin(_firstRound.Task);
        }
        else
        {
            _firstRound.SetResult();
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!IsEnabled)
        {
            return;
        }

        bool flushed;
        try
        {
            flushed = await synchronizer.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            flushed = false;
        }

        if (!flushed)
        {
            logger.FinalFlushFailed();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!_firstRound.Task.IsCompleted)
            {
                try
                {
                    await synchronizer.SyncAsync(stoppingToken);
                }
                finally
                {
                    // Failed or cut short by a stop, the round still ends the wait: decisions go local meanwhile, as after
                    // any failed round.
                    _firstRound.TrySetResult();
                }
            }

            // Instances started together would otherwise sync in step, and requests made at the same moment can only ask for
            // shares of the free budget, those that do not fit waiting a round; spread over the interval, most rounds see
            // the others' latest requests.
            await Task.Delay(synchronizer.Interval * Random.Shared.NextDouble(), time, stoppingToken);
            var dueAt = time.GetUtcNow();
            while (true)
            {
                // The interval can change from round to round (coordinator mode lengthens it for a large fleet); a round
                // that overran its interval is followed at once by the next, as a periodic timer would.
                dueAt += synchronizer.Interval;
                var wait = dueAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                else
                {
                    dueAt = time.GetUtcNow();
                }

                if (IsEnabled)
                {
                    await synchronizer.SyncAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync runs the final round.
        }
    }
}
