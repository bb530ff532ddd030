namespace Serverless.Gateway.Routing;

/// <summary>One route: what it matches, where it goes, and how the path is rewritten on the way.</summary>
public sealed class GatewayRouteOptions
{
    /// <summary>Required. An ASP.NET Core route template, e.g. <c>/orders/{id}</c> or <c>/catalog/{**rest}</c>.</summary>
    public string? Path { get; set; }

    /// <summary>HTTP methods the route accepts. Empty (the default) accepts any method.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>Host names the route accepts (<c>api.example.com</c>, <c>*.example.com</c>, with optional port). Empty: any host.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>Request headers that must match. Empty: no header condition.</summary>
    public List<RouteHeaderOptions> Headers { get; set; } = [];

    /// <summary>Query parameters that must match. Empty: no query condition.</summary>
    public List<RouteQueryParameterOptions> QueryParameters { get; set; } = [];

    /// <summary>Required. The id of the backend in <see cref="GatewayOptions.Backends"/>.</summary>
    public string? Backend { get; set; }

    /// <summary>A shadow copy of a share of the requests sent to another backend, its answer discarded (<see cref="RouteMirrorOptions"/>). Default: none.</summary>
    public RouteMirrorOptions? Mirror { get; set; }

    /// <summary>
    /// Makes the route composite: each part a backend call, made in parallel, whose JSON answers are merged into one
    /// object under the parts' names (docs/composite-routes.md). A route has either <see cref="Backend"/> or parts. Default: none.
    /// </summary>
    public Dictionary<string, RoutePartOptions> Parts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Status of a composite route's answer when a part that is not required is missing: 200 (the answer marks what is missing) or 502. Default 200.</summary>
    public int PartialStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>Largest merged answer of a composite route in bytes; a part whose body would take it over is missing. Default 1048576 (1 MB).</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>A path prefix removed before forwarding, e.g. <c>/catalog</c> turns <c>/catalog/products</c> into <c>/products</c>.</summary>
    public string? StripPrefix { get; set; }

    /// <summary>A path template for the forwarded request, filled from the route's values, e.g. <c>/api/v2/{**rest}</c>.</summary>
    public string? RewritePath { get; set; }

    /// <summary>Total time the gateway gives the request, retries included; 504 when it runs out. Default: none (the backend's attempt timeout applies).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Response cache for GET and HEAD (<see cref="RouteCacheOptions"/>, docs/caching.md). Default: none (nothing cached).</summary>
    public RouteCacheOptions? Cache { get; set; }

    /// <summary>Largest request body in bytes; -1 removes the limit (for streaming uploads). Default: Kestrel's 30 MB.</summary>
    public long? MaxRequestBodySize { get; set; }

    /// <summary>
    /// Forward <c>X-Original-URL</c> and <c>X-Rewrite-URL</c> (and their <c>_</c> spellings) to the backend. Default false:
    /// backends that route by them would otherwise serve a path other than the one the route matched.
    /// </summary>
    public bool AllowRewriteHeaders { get; set; }

    /// <summary>Headers and query parameters set, appended or removed on the way to the backend and back, and caller claims passed on as headers. Default: none.</summary>
    public RouteTransformsOptions Transforms { get; set; } = new();

    /// <summary>Lower values win when two routes match equally well. Default 0.</summary>
    public int Order { get; set; }

    /// <summary>
    /// Write one access-log record per request (category <c>Serverless.Gateway.AccessLog</c>; docs/operations.md lists its
    /// fields). Default false.
    /// </summary>
    public bool AccessLog { get; set; }

    /// <summary>Name of the authentication policy the route requires. Default: none (anonymous).</summary>
    public string? AuthPolicy { get; set; }

    /// <summary>
    /// Name of the rate-limit policy under <c>RateLimiting:Policies</c>, or <c>plan</c> for the policy of the caller's plan.
    /// Default: none (no rate limit; authenticated calls still count against the plan's quotas).
    /// </summary>
    public string? RateLimitPolicy { get; set; }

    /// <summary>
    /// What the rate limit counts by for authenticated callers: <c>Tenant</c> (default) or <c>ApiKey</c> (the key id or
    /// token subject). Anonymous callers are always counted by client IP.
    /// </summary>
    public string RateLimitKey { get; set; } = "Tenant";

    /// <summary>Count this route separately from the caller's other routes. Default false.</summary>
    public bool RateLimitPerRoute { get; set; }

    /// <summary>Cross-origin calls from browsers (<see cref="RouteCorsOptions"/>). Default: none (no CORS headers, preflights go to the backend).</summary>
    public RouteCorsOptions? Cors { get; set; }

    /// <summary>Client address allow and deny lists (<see cref="RouteIpRulesOptions"/>). Default: none (any address).</summary>
    public RouteIpRulesOptions? IpRules { get; set; }
}
