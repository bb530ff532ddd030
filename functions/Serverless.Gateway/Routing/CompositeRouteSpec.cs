namespace Serverless.Gateway.Routing;

/// <summary>What a composite route does, as carried in its YARP route metadata (<see cref="CompositeRouteMapper.PartsMetadata"/>).</summary>
/// <param name="Parts">The parts by name, in configuration order.</param>
/// <param name="PartialStatus">The status of an answer with parts missing (<see cref="GatewayRouteOptions.PartialStatus"/>).</param>
/// <param name="MaxResponseBytes">The bound on the merged answer (<see cref="GatewayRouteOptions.MaxResponseBytes"/>).</param>
public sealed record CompositeRouteSpec(Dictionary<string, RoutePartOptions> Parts, int PartialStatus, long MaxResponseBytes);
