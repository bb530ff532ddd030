using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Forwarding.FleetHealth;
using Serverless.Gateway.Forwarding.Mirroring;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Forwarding;

public static class ForwardingServiceCollectionExtensions
{
    /// <summary>
    /// Per-backend retries and timeouts inside YARP's client, per-destination circuit breakers, and the transforms that
    /// drop hop-by-hop and URL rewrite headers, and the shadow copies of mirrored routes. Call after AddGatewayRouting.
    /// </summary>
    public static IServiceCollection AddGatewayForwarding(this IServiceCollection services)
    {
        services.TryAddSingleton<BackendResilience>();
        services.TryAddSingleton<BackendClient>();
        services.TryAddSingleton<MirrorPlanResolver>();
        services.TryAddSingleton<MirrorSender>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassiveHealthCheckPolicy, CircuitBreakerHealthPolicy>());

        // Every backend names this policy; without shared destination health it is YARP's HealthyAndUnknown.
        services.TryAddSingleton<FleetVerdicts>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAvailableDestinationsPolicy, FleetAwareDestinationsPolicy>());
        services.Replace(ServiceDescriptor.Singleton<IProbingRequestFactory, HealthProbeRequestFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, ConnectionHeaderTransformProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, RewriteHeaderTransformProvider>());
        return services;
    }
}
