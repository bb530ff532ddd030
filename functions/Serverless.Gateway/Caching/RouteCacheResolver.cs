using System.Runtime.CompilerServices;
using System.Text.Json;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Caching;

/// <summary>Parses each route's <c>Cache</c> once per route configuration object, as the route policy resolver does.</summary>
internal sealed class RouteCacheResolver
{
    private static readonly Holder None = new(null);

    private readonly ConditionalWeakTable<RouteConfig, Holder>.CreateValueCallback _create = Create;
    private readonly ConditionalWeakTable<RouteConfig, Holder> _cache = [];

    /// <summary>The route's cache policy, or null when it caches nothing.</summary>
    public RouteCachePolicy? Resolve(RouteConfig route) => _cache.GetValue(route, _create).Policy;

    private static Holder Create(RouteConfig route)
    {
        if (route.Metadata is null || !route.Metadata.TryGetValue(YarpConfigMapper.CacheMetadata, out var json)
            || JsonSerializer.Deserialize<RouteCacheOptions>(json) is not { } options)
        {
            return None;
        }

        return new Holder(new RouteCachePolicy(route.RouteId, options, route.Metadata.ContainsKey(YarpConfigMapper.AuthPolicyMetadata), route.Metadata.ContainsKey(YarpConfigMapper.CorsMetadata)));
    }

    /// <summary>A class around the possibly null policy, as the table's values must be.</summary>
    private sealed record Holder(RouteCachePolicy? Policy);
}
