using System.Collections.Concurrent;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Sends the active health probes of the destinations this instance is a prober of (all of them while it judges alone),
/// at each backend's <c>HealthProbe</c> interval, with the same request YARP would send (<see cref="IProbingRequestFactory"/>)
/// over the backend's own HTTP client. A conclusion is put in force here at once and shared at the next round.
/// </summary>
internal sealed class FleetProber(
    FleetMembership membership, FleetProbes probes, FleetHealthSynchronizer synchronizer, GatewayConfigMonitor monitor,
    IProxyStateLookup proxyState, IProbingRequestFactory requestFactory, TimeProvider time)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Starts the probes that are due and returns when the next one will be, at most <paramref name="horizon"/> from now.</summary>
    public TimeSpan StartDueProbes(TimeSpan horizon, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = horizon;
        foreach (var (backend, settings) in monitor.Current.Options.Backends)
        {
            var probe = settings.HealthProbe;
            if (!probe.Enabled)
            {
                continue;
            }

            foreach (var destination in settings.Destinations.Keys)
            {
                if (!membership.IsProber(backend, destination))
                {
                    continue;
                }

                var due = probes.LastStarted(backend, destination) is { } started ? started + probe.Interval : now;
                if (due <= now && probes.TryStart(backend, destination, now))
                {
                    Track(ProbeAsync(backend, destination, probe, cancellationToken));
                    due = now + probe.Interval;
                }

                next = TimeSpan.FromTicks(Math.Min(next.Ticks, Math.Max((due - now).Ticks, TimeSpan.FromMilliseconds(10).Ticks)));
            }
        }

        return next;
    }

    /// <summary>Waits for the probes in flight (they end with the token given to <see cref="StartDueProbes"/>).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private void Track(Task probe)
    {
        _running.TryAdd(probe, 0);
        _ = probe.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ProbeAsync(string backend, string destination, HealthProbeOptions settings, CancellationToken cancellationToken)
    {
        await Task.Yield();
        bool succeeded;
        try
        {
            succeeded = await SendAsync(backend, destination, settings.Timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            succeeded = false;
        }

        probes.Completed(backend, destination, succeeded, settings.FailureThreshold, time.GetUtcNow());
        synchronizer.Probed(backend, destination);
    }

    private async Task<bool> SendAsync(string backend, string destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!proxyState.TryGetCluster(backend, out var cluster) || !cluster.Destinations.TryGetValue(destination, out var target))
        {
            throw new InvalidOperationException($"Backend '{backend}' has no destination '{destination}' (any more).");
        }

        using var request = requestFactory.CreateRequest(cluster.Model, target.Model);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var response = await cluster.Model.HttpClient.SendAsync(request, linked.Token);
        return response.IsSuccessStatusCode;
    }
}
