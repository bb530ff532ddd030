using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// YARP's name for passive health checking. The circuit breaker of each destination decides health and marks
/// destinations through <see cref="IDestinationHealthUpdater"/>, so there is nothing to do per request here.
/// </summary>
public sealed class CircuitBreakerHealthPolicy : IPassiveHealthCheckPolicy
{
    public string Name => YarpConfigMapper.CircuitBreakerHealthPolicy;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
    }
}
