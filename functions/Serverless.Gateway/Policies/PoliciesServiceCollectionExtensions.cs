using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Gateway.Policies;

public static class PoliciesServiceCollectionExtensions
{
    /// <summary>
    /// Each route's policies (authentication, authorization, rate limit, quotas) resolved from its configuration and
    /// enforced before it is forwarded. Needs AddGatewayAuth and AddGatewayRateLimiting.
    /// </summary>
    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services)
    {
        services.TryAddSingleton<RoutePolicyResolver>();
        services.TryAddSingleton<RoutePolicyEnforcer>();
        return services;
    }
}
