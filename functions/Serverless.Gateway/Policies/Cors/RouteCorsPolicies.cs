using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;
using Serverless.Gateway.AccessRules;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Policies.Cors;

/// <summary>Builds ASP.NET Core's <see cref="CorsPolicy"/> from a route's <see cref="RouteCorsOptions"/>, with the gateway's defaults.</summary>
public static class RouteCorsPolicies
{
    /// <summary>Methods a preflight may ask for when neither the CORS settings nor the route name any.</summary>
    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>What a browser app sends to the gateway: a body type, its credentials, an idempotency key, trace context.</summary>
    public static readonly IReadOnlyList<string> DefaultHeaders =
        [HeaderNames.ContentType, HeaderNames.Authorization, "X-Api-Key", "Idempotency-Key", "traceparent", "tracestate"];

    /// <summary>What the gateway writes that a browser app needs to read: the rate limit state and when to retry.</summary>
    public static readonly IReadOnlyList<string> DefaultExposedHeaders = [RateLimitHeaders.Current, RateLimitHeaders.Policy, HeaderNames.RetryAfter];

    public static CorsPolicy Build(RouteCorsOptions options, IReadOnlyList<string>? routeMethods)
    {
        ArgumentNullException.ThrowIfNull(options);
        var origins = OriginAllowList.Create(options.AllowedOrigins);
        var policy = new CorsPolicy
        {
            SupportsCredentials = options.AllowCredentials,
            PreflightMaxAge = options.MaxAge,
        };
        if (origins.AllowsAny)
        {
            policy.Origins.Add(AllowedOrigin.Any);
        }
        else
        {
            // The list's own matcher, shared with the API keys' origins, instead of CorsPolicy's: no allocation per check.
            policy.IsOriginAllowed = origin => origins.IsAllowed(origin);
        }

        var methods = options.AllowedMethods ?? (routeMethods is { Count: > 0 } ? routeMethods : DefaultMethods);
        foreach (var method in methods)
        {
            policy.Methods.Add(method.ToUpperInvariant());
        }

        foreach (var header in options.AllowedHeaders ?? DefaultHeaders)
        {
            policy.Headers.Add(header);
        }

        foreach (var header in options.ExposedHeaders ?? DefaultExposedHeaders)
        {
            policy.ExposedHeaders.Add(header);
        }

        return policy;
    }
}
