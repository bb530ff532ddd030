using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Policies;

/// <summary>
/// Resolves each route's policy once per route configuration object; YARP hands out the same <see cref="RouteConfig"/>
/// instance until the route changes, and a change of the <c>Auth</c> section starts a fresh cache.
/// </summary>
public sealed class RoutePolicyResolver
{
    private readonly IOptionsMonitor<AuthOptions> _auth;
    private readonly IConfiguration _configuration;

    // Held once: a method group passed per call would allocate a delegate on every request.
    private readonly ConditionalWeakTable<RouteConfig, RoutePolicy>.CreateValueCallback _create;
    private volatile ConditionalWeakTable<RouteConfig, RoutePolicy> _cache = [];

    public RoutePolicyResolver(IOptionsMonitor<AuthOptions> auth, IConfiguration configuration)
    {
        _auth = auth;
        _configuration = configuration;
        _create = Create;
        auth.OnChange(_ => _cache = []);
    }

    public RoutePolicy Resolve(RouteConfig route) => _cache.GetValue(route, _create);

    /// <summary>
    /// A route and the auth policy it names can arrive in one change (a published revision), and the route can be served
    /// before the options monitor heard of the change: read the policy from the configuration, which has it already.
    /// </summary>
    private AuthPolicyOptions? Fresh(string name)
    {
        var section = _configuration.GetSection($"{AuthOptions.SectionName}:Policies:{name}");
        return section.Exists() ? section.Get<AuthPolicyOptions>() ?? new AuthPolicyOptions() : null;
    }

    private RoutePolicy Create(RouteConfig route)
    {
        var metadata = route.Metadata;
        AuthPolicyOptions? auth = null;
        if (metadata?.TryGetValue(YarpConfigMapper.AuthPolicyMetadata, out var authName) == true)
        {
            auth = _auth.CurrentValue.Policies.TryGetValue(authName, out var policy) ? policy
                : Fresh(authName) is { } fresh ? fresh
                : throw new InvalidOperationException($"Route '{route.RouteId}' names auth policy '{authName}', which is not defined under Auth:Policies.");
        }

        string? rateLimit = null;
        var byKey = false;
        var perRoute = false;
        if (metadata?.TryGetValue(YarpConfigMapper.RateLimitPolicyMetadata, out var limitName) == true)
        {
            rateLimit = limitName;
            byKey = metadata.TryGetValue(YarpConfigMapper.RateLimitKeyMetadata, out var key) && key.Equals("ApiKey", StringComparison.OrdinalIgnoreCase);
            perRoute = metadata.TryGetValue(YarpConfigMapper.RateLimitPerRouteMetadata, out var separate) && separate == "true";
        }

        return new RoutePolicy(route.RouteId, auth, rateLimit, byKey, perRoute)
        {
            AccessLog = metadata?.TryGetValue(YarpConfigMapper.AccessLogMetadata, out var accessLog) == true && accessLog == "true",
            QuotaAfterCache = metadata?.TryGetValue(YarpConfigMapper.CacheMetadata, out var cache) == true
                && JsonSerializer.Deserialize<RouteCacheOptions>(cache)?.CountHitsAgainstQuota == false,
        };
    }
}
