namespace Serverless.Gateway.Routing;

/// <summary>
/// What a route changes on the way to the backend and back, on top of the path settings. Checked when configuration
/// loads (<see cref="TransformsValidator"/>) and carried out by YARP's transforms (<see cref="RouteTransformsMapper"/>).
/// </summary>
public sealed class RouteTransformsOptions
{
    /// <summary>Headers of the forwarded request. The gateway's own headers (identity, API key, hop-by-hop) are off limits.</summary>
    public ValueTransformOptions RequestHeaders { get; set; } = new();

    /// <summary>Query parameters of the forwarded request.</summary>
    public ValueTransformOptions Query { get; set; } = new();

    /// <summary>
    /// Headers of every response the backend gives (any status); not of the answers the gateway writes itself (401,
    /// 403, 429, 502, 503, 504 Problem Details). The rate-limit headers are off limits.
    /// </summary>
    public ValueTransformOptions ResponseHeaders { get; set; } = new();

    /// <summary>
    /// Request header name to a claim of the caller: <c>tenant</c>, <c>subject</c>, <c>plan</c>, <c>scopes</c>
    /// (space-separated), or <c>jwt:&lt;claim&gt;</c> for any claim of a validated bearer token. A copy the client sends
    /// is always removed; without that claim (anonymous caller, API key for <c>jwt:</c>) the header is absent.
    /// </summary>
    public Dictionary<string, string> ClaimHeaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
