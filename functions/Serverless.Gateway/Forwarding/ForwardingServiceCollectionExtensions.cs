using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Serverless.Gateway.Forwarding;

public static class ForwardingServiceCollectionExtensions
{
    /// <summary>Per-backend retries and timeouts inside YARP's client and per-destination circuit breakers. Call after AddGatewayRouting.</summary>
    public static IServiceCollection AddGatewayForwarding(this IServiceCollection services)
    {
        services.TryAddSingleton<BackendResiliencePipelines>();
        services.TryAddSingleton<BackendClient>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassiveHealthCheckPolicy, CircuitBreakerHealthPolicy>());
        services.Replace(ServiceDescriptor.Singleton<IProbingRequestFactory, HealthProbeRequestFactory>());
        return services;
    }
}
