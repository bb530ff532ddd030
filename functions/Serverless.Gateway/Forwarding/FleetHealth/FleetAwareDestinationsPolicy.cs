using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Which destinations load balancing may pick: as YARP's <c>HealthyAndUnknown</c> (not while the destination's circuit
/// is open, nor while its active probe fails), and not while the fleet keeps it out. With none left, YARP answers that
/// no destination is available and the gateway turns that into 503 <c>backend_unavailable</c>, as when every circuit is open.
/// </summary>
internal sealed class FleetAwareDestinationsPolicy(FleetVerdicts verdicts) : IAvailableDestinationsPolicy
{
    public string Name => YarpConfigMapper.FleetAwareDestinationsPolicy;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(allDestinations);
        var activeEnabled = config.HealthCheck?.Active?.Enabled == true;
        var passiveEnabled = config.HealthCheck?.Passive?.Enabled == true;
        return [.. allDestinations.Where(destination =>
            (!activeEnabled || destination.Health.Active != DestinationHealth.Unhealthy)
            && (!passiveEnabled || destination.Health.Passive != DestinationHealth.Unhealthy)
            && !verdicts.IsOut(config.ClusterId, destination.DestinationId))];
    }
}
