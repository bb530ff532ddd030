using Serverless.Gateway.Telemetry;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Takes a destination out of YARP's rotation while its circuit is open and puts it back when the circuit closes;
/// counts and logs every transition.
/// </summary>
internal sealed partial class DestinationHealthObserver(
    ClusterState cluster, DestinationState destination, TimeSpan breakDuration, IDestinationHealthUpdater healthUpdater,
    GatewayMetrics metrics, ILogger logger) : IDestinationBreakerObserver
{
    public void Opened(TimeSpan duration)
    {
        healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, duration);
        Count("open");
        LogCircuitOpened(logger, cluster.ClusterId, destination.DestinationId, duration);
    }

    public void HalfOpened()
    {
        Count("half_open");
        LogCircuitHalfOpened(logger, cluster.ClusterId, destination.DestinationId);
    }

    public void Closed()
    {
        healthUpdater.SetPassive(cluster, destination, DestinationHealth.Healthy, breakDuration);
        Count("closed");
        LogCircuitClosed(logger, cluster.ClusterId, destination.DestinationId);
    }

    private void Count(string state) =>
        metrics.CircuitTransitions.Add(
            1,
            new KeyValuePair<string, object?>(GatewayTelemetry.BackendTag, cluster.ClusterId),
            new KeyValuePair<string, object?>(GatewayTelemetry.DestinationTag, destination.DestinationId),
            new KeyValuePair<string, object?>("state", state));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Circuit opened for backend {Backend} destination {Destination}; it leaves the rotation for {BreakDuration}")]
    private static partial void LogCircuitOpened(ILogger logger, string backend, string destination, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Circuit half-open for backend {Backend} destination {Destination}; probing")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string backend, string destination);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Circuit closed for backend {Backend} destination {Destination}")]
    private static partial void LogCircuitClosed(ILogger logger, string backend, string destination);
}
