namespace Serverless.Gateway.Routing;

/// <summary>
/// Cross-origin resource sharing for one route. The gateway answers the browser's preflight itself, before
/// authentication and rate limiting, and adds the CORS headers to every answer of the route, its own refusals included.
/// </summary>
public sealed class RouteCorsOptions
{
    /// <summary>
    /// Required. Origins allowed to call the route: exact (<c>https://app.example.com</c>, <c>http://localhost:3000</c>),
    /// wildcard subdomains (<c>https://*.example.com</c>), or <c>*</c> alone for any origin.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Methods a preflight may ask for. Default: the route's <c>Methods</c>, or GET, HEAD, POST, PUT, PATCH and DELETE when it has none.</summary>
    public List<string>? AllowedMethods { get; set; }

    /// <summary>
    /// Request headers a preflight may ask for, or <c>*</c> for any. Default: Content-Type, Authorization, X-Api-Key,
    /// Idempotency-Key, traceparent, tracestate.
    /// </summary>
    public List<string>? AllowedHeaders { get; set; }

    /// <summary>Response headers the browser lets the page read. Default: RateLimit, RateLimit-Policy, Retry-After.</summary>
    public List<string>? ExposedHeaders { get; set; }

    /// <summary>Allow cookies and HTTP authentication (<c>Access-Control-Allow-Credentials</c>). Default false; not with origin <c>*</c>.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>). Default 10 minutes.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
