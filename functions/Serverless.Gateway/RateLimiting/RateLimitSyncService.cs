using Microsoft.Extensions.Options;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Runs a sync round before the server starts (so a new instance knows the fleet size before its first request), then
/// every <see cref="RateLimitingOptions.SyncInterval"/>, and a last one at stop so no admitted request goes uncounted.
/// </summary>
internal sealed class RateLimitSyncService(
    IRateLimitSynchronizer synchronizer, IOptions<RateLimitingOptions> options, TimeProvider time, ILogger<RateLimitSyncService> logger) : BackgroundService
{
    // Without policies or plans nothing is counted, and a gateway that only proxies needs no storage at all.
    private bool IsEnabled => options.Value.Policies.Count > 0 || options.Value.Plans.Count > 0;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var settings = options.Value;
        logger.Started(synchronizer.InstanceId, settings.Policies.Count, settings.Plans.Count, settings.SyncInterval, settings.Table);
        await synchronizer.SyncAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        bool flushed;
        try
        {
            flushed = await synchronizer.SyncAsync(cancellationToken);
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
        var interval = options.Value.SyncInterval;
        try
        {
            // Instances started together would otherwise sync in step, and requests made at the same moment can only ask for
            // shares of the free budget, those that do not fit waiting a round; spread over the interval, most rounds see
            // the others' latest requests.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await synchronizer.SyncAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync runs the final round.
        }
    }
}
