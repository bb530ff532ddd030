using System.Runtime.CompilerServices;
using System.Text.Json;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>Parses each route's <c>Mirror</c> settings once per route configuration object, as the policy resolvers do.</summary>
internal sealed class MirrorPlanResolver
{
    private static readonly Holder None = new(null);

    private readonly ConditionalWeakTable<RouteConfig, Holder>.CreateValueCallback _create = Create;
    private readonly ConditionalWeakTable<RouteConfig, Holder> _cache = [];

    /// <summary>The route's plan, or null when the route is not mirrored.</summary>
    public MirrorPlan? Resolve(RouteConfig route) => _cache.GetValue(route, _create).Plan;

    private static Holder Create(RouteConfig route)
    {
        if (route.Metadata is null || !route.Metadata.TryGetValue(YarpConfigMapper.MirrorMetadata, out var json)
            || JsonSerializer.Deserialize<RouteMirrorOptions>(json) is not { } options)
        {
            return None;
        }

        return new Holder(new MirrorPlan(route.RouteId, options));
    }

    /// <summary>A class around the possibly null plan, as the table's values must be.</summary>
    private sealed record Holder(MirrorPlan? Plan);
}
