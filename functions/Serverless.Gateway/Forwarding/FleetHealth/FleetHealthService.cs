using Microsoft.Extensions.Options;
using Serverless.Gateway.Health;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Runs the sync rounds every <see cref="FleetHealthOptions.SyncInterval"/> and the probes as they fall due, while
/// destination health is shared; at stop it removes this instance's presence row. Nothing here ever fails a request:
/// a round that fails leaves this instance judging alone until the next one succeeds.
/// </summary>
internal sealed class FleetHealthService(
    FleetHealthActivation activation,
    FleetHealthSynchronizer synchronizer,
    FleetProber prober,
    FleetMembership membership,
    IOptions<FleetHealthOptions> options,
    DependencyHealth dependencies,
    TimeProvider time,
    ILogger<FleetHealthService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!activation.IsActive)
        {
            return Task.CompletedTask;
        }

        var settings = options.Value;
        FleetHealthLog.Started(logger, membership.InstanceId, settings.SyncInterval, settings.Table, settings.Probers);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!activation.IsActive)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        await prober.DrainAsync();
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.StorageTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await synchronizer.LeaveAsync(linked.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Its presence row expires on its own; leaving early only speeds up the hand-over of its destinations.
            dependencies.Failed(synchronizer.DependencyName, exception);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunRoundsAsync(stoppingToken), RunProbesAsync(stoppingToken));

    private async Task RunRoundsAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first round waits an interval too: a new instance's cores belong to its first requests, and until a
            // round has run it judges its destinations alone, as it would after a failed one.
            using var timer = new PeriodicTimer(options.Value.SyncInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await synchronizer.SyncAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    dependencies.Failed(synchronizer.DependencyName, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunProbesAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = prober.StartDueProbes(options.Value.SyncInterval, stoppingToken);
                await Task.Delay(next, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
