using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Health;

namespace Serverless.Gateway.Forwarding.Canary;

public static class CanaryServiceCollectionExtensions
{
    /// <summary>Weighted and canary routing between a backend's destination groups, with rollback reported on <c>/readyz</c>.</summary>
    public static IServiceCollection AddGatewayCanary(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CanaryRollbacks>();
        services.TryAddSingleton<BackendSplitResolver>();
        services.AddHealthChecks().AddCheck<CanaryHealthCheck>("canary", tags: [HealthServiceCollectionExtensions.ReadyTag]);
        return services;
    }
}
