namespace Serverless.Gateway.Composite;

/// <summary>A composite route's parts and answer rules, resolved once per route configuration object.</summary>
/// <param name="RouteId">The route's id, for logs.</param>
/// <param name="Parts">The parts, ordered by name (the order of the merged object).</param>
/// <param name="PartialStatus">The status when a part that is not required is missing: 200 or 502.</param>
/// <param name="MaxResponseBytes">The bound on the part bodies together.</param>
internal sealed record CompositeRoute(string RouteId, IReadOnlyList<CompositePart> Parts, int PartialStatus, long MaxResponseBytes);
