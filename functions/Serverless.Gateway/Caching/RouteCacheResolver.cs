using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Caching;

/// <summary>Makes each route's <c>Cache</c> settings a policy once per route configuration object.</summary>
internal sealed class RouteCacheResolver
{
    private readonly RouteSettingsCache<RouteCacheOptions, RouteCachePolicy> _policies = new(
        YarpConfigMapper.CacheMetadata,
        static (route, options) => new RouteCachePolicy(
            route.RouteId, options, route.Metadata!.ContainsKey(YarpConfigMapper.AuthPolicyMetadata), route.Metadata.ContainsKey(YarpConfigMapper.CorsMetadata)));

    /// <summary>The route's cache policy, or null when it caches nothing.</summary>
    public RouteCachePolicy? Resolve(RouteConfig route) => _policies.Resolve(route);
}
