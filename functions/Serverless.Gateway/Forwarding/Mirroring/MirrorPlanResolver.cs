using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>Makes each route's <c>Mirror</c> settings a plan once per route configuration object.</summary>
internal sealed class MirrorPlanResolver
{
    private readonly RouteSettingsCache<RouteMirrorOptions, MirrorPlan> _plans =
        new(YarpConfigMapper.MirrorMetadata, static (route, options) => new MirrorPlan(route.RouteId, options));

    /// <summary>The route's plan, or null when the route is not mirrored.</summary>
    public MirrorPlan? Resolve(RouteConfig route) => _plans.Resolve(route);
}
