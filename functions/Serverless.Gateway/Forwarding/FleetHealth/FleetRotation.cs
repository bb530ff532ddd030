using System.Globalization;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Puts fleet verdicts in force on this instance: when one takes a destination out or brings it back, YARP recomputes
/// the backend's available destinations (<see cref="FleetAwareDestinationsPolicy"/>), and the change is logged and counted.
/// </summary>
internal sealed class FleetRotation(
    FleetVerdicts verdicts, IProxyStateLookup proxyState, IClusterDestinationsUpdater destinationsUpdater, FleetHealthMetrics metrics,
    TimeProvider time, ILogger<FleetRotation> logger)
{
    public void Apply(string backend, string destination, FleetVerdict? verdict)
    {
        var previous = verdicts.Set(backend, destination, verdict);
        var wasIn = previous?.InRotation ?? true;
        var isIn = verdict?.InRotation ?? true;
        if (wasIn == isIn)
        {
            return;
        }

        if (!isIn)
        {
            var reason = Reason(verdict!);
            FleetHealthLog.TakenOut(logger, backend, destination, verdict!.Source, reason, verdict.JudgedBy);
        }
        else
        {
            var reason = verdict is null ? "no fresh verdict: judged by this instance alone again" : Reason(verdict);
            var duration = time.GetUtcNow() - previous!.Since;
            FleetHealthLog.Restored(logger, backend, destination, reason, duration);
        }

        metrics.Transitioned(backend, destination, isIn, verdict?.Source ?? VerdictSource.None);
        if (proxyState.TryGetCluster(backend, out var cluster) && cluster.DestinationsState is not null)
        {
            destinationsUpdater.UpdateAvailableDestinations(cluster);
        }
    }

    private static string Reason(FleetVerdict verdict) => (verdict.InRotation, verdict.Source) switch
    {
        (false, VerdictSource.Probe) => "its health probes failed",
        (false, _) => string.Create(CultureInfo.InvariantCulture,
            $"{verdict.Failures} of {verdict.Requests} requests failed across {verdict.Reporters} instances within the window"),
        (true, VerdictSource.Probe) => "its health probe succeeded",
        _ => "back on trial after the break",
    };
}
