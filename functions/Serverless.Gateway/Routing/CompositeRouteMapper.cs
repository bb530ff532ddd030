using System.Text.Json;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Maps a composite route (<see cref="GatewayRouteOptions.Parts"/>) onto a YARP route, so that matching, CORS and the
/// route's policies work as for any route; the composite step answers it before YARP would forward it.
/// </summary>
public static class CompositeRouteMapper
{
    /// <summary>Route metadata, the route's <see cref="CompositeRouteSpec"/> as JSON; in the metadata so that a change of a part is a route change to YARP.</summary>
    public const string PartsMetadata = "Gateway.Parts";

    private static readonly List<string> GetOnly = ["GET"];

    public static void AddMetadata(GatewayRouteOptions route, Dictionary<string, string> metadata)
    {
        if (route.Parts.Count > 0)
        {
            metadata[PartsMetadata] = JsonSerializer.Serialize(new CompositeRouteSpec(route.Parts, route.PartialStatus, route.MaxResponseBytes));
        }
    }

    /// <summary>
    /// The cluster YARP is given: the route's backend, or for a composite route its first part's, which YARP needs to
    /// accept the route but never forwards to.
    /// </summary>
    public static string? ClusterOf(GatewayRouteOptions route) =>
        route.Parts.Count == 0 ? route.Backend : route.Parts.Values.First().Backend;

    /// <summary>The methods YARP matches: a composite route answers GET only, so other methods get the gateway's 405.</summary>
    public static IReadOnlyList<string>? MethodsOf(GatewayRouteOptions route) =>
        route.Parts.Count > 0 ? GetOnly
            : route.Methods.Count == 0 ? null : route.Methods.Select(m => m.ToUpperInvariant()).ToList();
}
