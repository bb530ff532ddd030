namespace Serverless.Gateway.Routing;

/// <summary>
/// Client addresses allowed and denied on one route, checked before authentication. A deny match refuses; a non-empty
/// allow list requires a match. The client address is the connection's, or the one a trusted proxy
/// (<c>Hosting:KnownProxies</c>) put in <c>X-Forwarded-For</c>.
/// </summary>
public sealed class RouteIpRulesOptions
{
    /// <summary>CIDR ranges (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or single addresses allowed; empty (the default) allows every address not denied.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>CIDR ranges or single addresses refused, whatever the allow list says. Default: none.</summary>
    public List<string> Deny { get; set; } = [];
}
