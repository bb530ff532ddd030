using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Policies.Cors;
using Serverless.Gateway.Policies.IpRules;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Policies;

public static class PoliciesServiceCollectionExtensions
{
    /// <summary>
    /// Each route's policies (authentication, authorization, rate limit, quotas) resolved from its configuration and
    /// enforced before it is forwarded, with its CORS policy and client address rules. Needs AddGatewayAuth and AddGatewayRateLimiting.
    /// </summary>
    public static IServiceCollection AddGatewayPolicies(this IServiceCollection services)
    {
        services.TryAddSingleton<RoutePolicyResolver>();
        services.TryAddSingleton<RoutePolicyEnforcer>();
        services.TryAddSingleton<CallerAccessCheck>();
        services.TryAddSingleton<RouteIpRulesResolver>();

        // Each route's own CORS policy; YARP names it on the route's endpoint, and UseCors answers preflights with it.
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, RouteCorsPolicyProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, CorsResponseHeaderTransformProvider>());
        return services;
    }
}
