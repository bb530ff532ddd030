using Microsoft.AspNetCore.Routing.Patterns;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Checks the whole gateway configuration and names every bad key with what is wrong, so a typo fails start-up
/// (or is rejected on reload) with a message an operator can act on.
/// </summary>
public static class GatewayOptionsValidator
{
    private static readonly HashSet<string> LoadBalancingPolicies = new(StringComparer.OrdinalIgnoreCase)
    {
        "PowerOfTwoChoices", "RoundRobin", "LeastRequests", "Random", "FirstAlphabetical",
    };

    private static readonly HashSet<string> HeaderModes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ExactHeader", "HeaderPrefix", "Contains", "NotContains", "Exists", "NotExists",
    };

    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
    };

    /// <summary>The keyword a route's <c>RateLimitPolicy</c> uses for "the policy of the caller's plan".</summary>
    public const string PlanPolicy = "plan";

    public static List<string> Validate(GatewayOptions options) => Validate(options, null, null);

    /// <summary>Also checks that routes name only policies that exist, when the known policy names are given.</summary>
    public static List<string> Validate(GatewayOptions options, IReadOnlySet<string>? authPolicies, IReadOnlySet<string>? rateLimitPolicies)
    {
        var errors = new List<string>();
        foreach (var (id, route) in options.Routes)
        {
            var key = $"{GatewayOptions.SectionName}:Routes:{id}";
            ValidateRoute(key, route, options, errors);
            ValidatePolicies(key, route, authPolicies, rateLimitPolicies, errors);
        }

        foreach (var (id, backend) in options.Backends)
        {
            ValidateBackend($"{GatewayOptions.SectionName}:Backends:{id}", backend, errors);
        }

        return errors;
    }

    private static void ValidateRoute(string key, GatewayRouteOptions route, GatewayOptions options, List<string> errors)
    {
        var pattern = ParseTemplate($"{key}:Path", route.Path, required: true, errors);
        if (route.Parts.Count > 0)
        {
            RoutePartsValidator.Validate(key, route, pattern, options, errors);
        }
        else if (string.IsNullOrWhiteSpace(route.Backend))
        {
            errors.Add($"{key}:Backend: is required; name one of the backends under {GatewayOptions.SectionName}:Backends.");
        }
        else if (!options.Backends.ContainsKey(route.Backend))
        {
            var known = options.Backends.Count == 0 ? "none are defined" : "defined: " + string.Join(", ", options.Backends.Keys.Order(StringComparer.Ordinal));
            errors.Add($"{key}:Backend: backend '{route.Backend}' is not defined ({known}).");
        }

        for (var i = 0; i < route.Methods.Count; i++)
        {
            if (!Methods.Contains(route.Methods[i]))
            {
                errors.Add($"{key}:Methods:{i}: '{route.Methods[i]}' is not an HTTP method (use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or TRACE).");
            }
        }

        for (var i = 0; i < route.Hosts.Count; i++)
        {
            var host = route.Hosts[i];
            if (string.IsNullOrWhiteSpace(host) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{key}:Hosts:{i}: '{host}' must be a host name such as api.example.com or *.example.com, optionally with :port.");
            }
        }

        for (var i = 0; i < route.Headers.Count; i++)
        {
            ValidateHeader($"{key}:Headers:{i}", route.Headers[i], errors);
        }

        QueryParameterMatchValidator.Validate(key, route.QueryParameters, errors);
        TransformsValidator.Validate(key, route, errors);

        if (route.StripPrefix is not null && (!route.StripPrefix.StartsWith('/') || route.StripPrefix.Length < 2))
        {
            errors.Add($"{key}:StripPrefix: '{route.StripPrefix}' must start with '/' and name at least one segment, e.g. /catalog.");
        }

        if (route.StripPrefix is not null && route.RewritePath is not null)
        {
            errors.Add($"{key}: set StripPrefix or RewritePath, not both (RewritePath already decides the whole forwarded path).");
        }

        var rewrite = ParseTemplate($"{key}:RewritePath", route.RewritePath, required: false, errors);
        if (rewrite is not null && pattern is not null)
        {
            foreach (var parameter in rewrite.Parameters.Where(p => pattern.GetParameter(p.Name) is null))
            {
                errors.Add($"{key}:RewritePath: parameter '{{{parameter.Name}}}' does not appear in Path '{route.Path}'.");
            }
        }

        if (route.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Timeout: must be positive, e.g. 00:00:30.");
        }

        if (route.MaxRequestBodySize is < -1)
        {
            errors.Add($"{key}:MaxRequestBodySize: must be a size in bytes, or -1 for no limit.");
        }

        RouteCorsOptionsValidator.Validate(key, route.Cors, errors);
        RouteIpRulesOptionsValidator.Validate(key, route.IpRules, errors);
        RouteMirrorOptionsValidator.Validate(key, route, options, errors);
        RouteCacheOptionsValidator.Validate(key, route, errors);
    }

    private static void ValidatePolicies(
        string key, GatewayRouteOptions route, IReadOnlySet<string>? authPolicies, IReadOnlySet<string>? rateLimitPolicies, List<string> errors)
    {
        if (route.AuthPolicy is not null && authPolicies is not null && !authPolicies.Contains(route.AuthPolicy))
        {
            errors.Add($"{key}:AuthPolicy: policy '{route.AuthPolicy}' is not defined under Auth:Policies ({Known(authPolicies)}).");
        }

        if (route.RateLimitPolicy is not null && rateLimitPolicies is not null
            && !route.RateLimitPolicy.Equals(PlanPolicy, StringComparison.OrdinalIgnoreCase) && !rateLimitPolicies.Contains(route.RateLimitPolicy))
        {
            errors.Add($"{key}:RateLimitPolicy: policy '{route.RateLimitPolicy}' is not defined under RateLimiting:Policies ({Known(rateLimitPolicies)}); use 'plan' for the caller's plan policy.");
        }

        if (!route.RateLimitKey.Equals("Tenant", StringComparison.OrdinalIgnoreCase) && !route.RateLimitKey.Equals("ApiKey", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:RateLimitKey: '{route.RateLimitKey}' must be Tenant or ApiKey.");
        }
    }

    private static string Known(IReadOnlySet<string> names) =>
        names.Count == 0 ? "none are defined" : "defined: " + string.Join(", ", names.Order(StringComparer.Ordinal));

    private static void ValidateHeader(string key, RouteHeaderOptions header, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(header.Name))
        {
            errors.Add($"{key}:Name: is required.");
        }

        if (!HeaderModes.Contains(header.Mode))
        {
            errors.Add($"{key}:Mode: '{header.Mode}' is not one of {string.Join(", ", HeaderModes)}.");
        }
        else if (header.Values.Count == 0 && !header.Mode.EndsWith("Exists", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Values: at least one value is required for mode {header.Mode}.");
        }
    }

    private static void ValidateBackend(string key, BackendOptions backend, List<string> errors)
    {
        if (backend.Destinations.Count == 0)
        {
            errors.Add($"{key}:Destinations: at least one destination is required, e.g. \"{key}:Destinations:primary\": \"http://127.0.0.1:5000\".");
        }

        foreach (var (name, address) in backend.Destinations)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                errors.Add($"{key}:Destinations:{name}: '{address}' must be an absolute http or https address without query, fragment or credentials.");
            }
        }

        if (!LoadBalancingPolicies.Contains(backend.LoadBalancing))
        {
            errors.Add($"{key}:LoadBalancing: '{backend.LoadBalancing}' is not one of {string.Join(", ", LoadBalancingPolicies)}.");
        }

        ValidateProbe($"{key}:HealthProbe", backend.HealthProbe, errors);
        ValidateResilience($"{key}:Resilience", backend.Resilience, errors);
        BackendSplitValidator.Validate(key, backend, errors);
    }

    private static void ValidateProbe(string key, HealthProbeOptions probe, List<string> errors)
    {
        if (!probe.Enabled)
        {
            return;
        }

        if (!probe.Path.StartsWith('/'))
        {
            errors.Add($"{key}:Path: '{probe.Path}' must start with '/'.");
        }

        Positive($"{key}:Interval", probe.Interval, errors);
        Positive($"{key}:Timeout", probe.Timeout, errors);
        if (probe.FailureThreshold < 1)
        {
            errors.Add($"{key}:FailureThreshold: must be at least 1.");
        }
    }

    private static void ValidateResilience(string key, ResilienceOptions resilience, List<string> errors)
    {
        // An attempt timeout under 10 ms would fail every call; over a day it is a typo.
        if (resilience.AttemptTimeout < TimeSpan.FromMilliseconds(10) || resilience.AttemptTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:AttemptTimeout: must be between 10 ms and 1 day.");
        }

        var retry = resilience.Retry;
        if (retry.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{key}:Retry:MaxRetries: must be between 0 and 10.");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.MaxDelay < retry.BaseDelay)
        {
            errors.Add($"{key}:Retry: BaseDelay must not be negative and MaxDelay must be at least BaseDelay.");
        }

        var breaker = resilience.CircuitBreaker;
        if (!breaker.Enabled)
        {
            return;
        }

        if (breaker.FailureRatio is <= 0 or > 1)
        {
            errors.Add($"{key}:CircuitBreaker:FailureRatio: must be greater than 0 and at most 1.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            errors.Add($"{key}:CircuitBreaker:MinimumThroughput: must be at least 2.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{key}:CircuitBreaker: SamplingDuration and BreakDuration must each be at least 500 ms.");
        }
    }

    private static void Positive(string key, TimeSpan value, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key}: must be positive.");
        }
    }

    private static RoutePattern? ParseTemplate(string key, string? template, bool required, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            if (required)
            {
                errors.Add($"{key}: is required, e.g. /orders/{{id}} or /catalog/{{**rest}}.");
            }

            return null;
        }

        if (!template.StartsWith('/'))
        {
            errors.Add($"{key}: '{template}' must start with '/'.");
            return null;
        }

        try
        {
            return RoutePatternFactory.Parse(template);
        }
        catch (RoutePatternException ex)
        {
            errors.Add($"{key}: '{template}' is not a valid route template: {ex.Message}");
            return null;
        }
    }
}
