using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Composite;

/// <summary>
/// Parses a composite route's parts once per route configuration object: YARP hands out the same <see cref="RouteConfig"/>
/// until the route changes, and the parts travel in its metadata, so a changed part is a new object.
/// </summary>
internal sealed class CompositeRouteResolver
{
    private readonly RouteSettingsCache<CompositeRouteSpec, CompositeRoute> _routes = new(CompositeRouteMapper.PartsMetadata, Create);

    /// <summary>The route's parts, or null for a route that forwards to one backend.</summary>
    public CompositeRoute? Resolve(RouteConfig route) => _routes.Resolve(route);

    private static CompositeRoute Create(RouteConfig route, CompositeRouteSpec spec)
    {
        // Configuration does not keep the order keys were written in, so the merged object follows the names' order.
        var parts = spec.Parts
            .OrderBy(static pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new CompositePart(
                pair.Key, JsonEncodedText.Encode(pair.Key), pair.Value.Backend!, RoutePatternFactory.Parse(pair.Value.Path!), pair.Value.Timeout, pair.Value.Required))
            .ToList();
        return new CompositeRoute(route.RouteId, parts, spec.PartialStatus, spec.MaxResponseBytes);
    }
}
