using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Health;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.FleetHealth;

public static class FleetHealthServiceCollectionExtensions
{
    /// <summary>
    /// Destination health shared across the fleet through a table of the storage account (the <c>FleetHealth</c>
    /// section, validated at start-up): the observations, the sync rounds and elected probers, the verdicts reported on
    /// <c>/readyz</c>. On by default where storage is configured; off, each instance judges alone as before. Call after
    /// AddGatewayRouting and AddGatewayForwarding.
    /// </summary>
    public static IServiceCollection AddGatewayFleetHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<FleetHealthOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<FleetHealthOptions>, FleetHealthOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetHealthOptions>, FleetHealthOptionsValidator>());
        services.TryAddSingleton<FleetHealthActivation>();
        services.TryAddSingleton<FleetVerdicts>();
        services.TryAddSingleton<FleetMembership>();
        services.TryAddSingleton<FleetObservations>();
        services.TryAddSingleton<FleetProbes>();
        services.TryAddSingleton<FleetHealthMetrics>();
        services.TryAddSingleton<FleetRotation>();
        services.TryAddSingleton<IFleetHealthStore, TableFleetHealthStore>();
        services.TryAddSingleton<FleetHealthSynchronizer>();
        services.TryAddSingleton<FleetProber>();
        services.Replace(ServiceDescriptor.Singleton(provider => new HealthProbeMode(provider.GetRequiredService<FleetHealthActivation>().IsActive)));
        services.AddHostedService<FleetHealthService>();
        services.AddHealthChecks().AddCheck<FleetHealthCheck>("fleet-health", tags: [HealthServiceCollectionExtensions.ReadyTag]);
        return services;
    }
}
