using System.Globalization;
using System.Text.Json;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Serverless.Gateway.Routing;

/// <summary>Translates the gateway's configuration into YARP's route and cluster model.</summary>
public static class YarpConfigMapper
{
    public const string AuthPolicyMetadata = "Gateway.AuthPolicy";
    public const string RateLimitPolicyMetadata = "Gateway.RateLimitPolicy";
    public const string RateLimitKeyMetadata = "Gateway.RateLimitKey";
    public const string RateLimitPerRouteMetadata = "Gateway.RateLimitPerRoute";

    /// <summary>Route metadata, <c>true</c> when the route forwards URL rewrite headers (<see cref="GatewayRouteOptions.AllowRewriteHeaders"/>).</summary>
    public const string AllowRewriteHeadersMetadata = "Gateway.AllowRewriteHeaders";

    /// <summary>Route metadata, the route's <see cref="GatewayRouteOptions.Cors"/> as JSON; in the metadata so that a change of it alone is a route change to YARP.</summary>
    public const string CorsMetadata = "Gateway.Cors";

    /// <summary>
    /// What a route with <see cref="GatewayRouteOptions.Cors"/> names as its CORS policy, before its id; the prefix keeps
    /// a route called <c>default</c> or <c>disable</c> from meaning YARP's policies of those names.
    /// </summary>
    public const string CorsPolicyPrefix = "route:";

    /// <summary>Route metadata, the route's <see cref="GatewayRouteOptions.IpRules"/> as JSON.</summary>
    public const string IpRulesMetadata = "Gateway.IpRules";

    /// <summary>Route metadata, the route's <see cref="GatewayRouteOptions.Mirror"/> as JSON.</summary>
    public const string MirrorMetadata = "Gateway.Mirror";

    /// <summary>Route metadata, the route's <see cref="GatewayRouteOptions.Cache"/> as JSON.</summary>
    public const string CacheMetadata = "Gateway.Cache";

    /// <summary>Route metadata, <c>true</c> when the route writes an access-log record per request (<see cref="GatewayRouteOptions.AccessLog"/>).</summary>
    public const string AccessLogMetadata = "Gateway.AccessLog";

    /// <summary>Cluster metadata, <c>true</c> when the backend receives identity assertions (<see cref="BackendOptions.IdentityAssertion"/>).</summary>
    public const string IdentityAssertionMetadata = "Gateway.IdentityAssertion";

    /// <summary>
    /// Cluster metadata, the backend's <see cref="BackendOptions.Groups"/> and <see cref="BackendOptions.Split"/> as JSON
    /// (a <see cref="BackendSplitConfig"/>); in the metadata so that a change of them alone is a cluster change to YARP.
    /// </summary>
    public const string SplitMetadata = "Gateway.Split";

    /// <summary>The passive health policy name; the per-destination circuit breaker does the work (see <c>CircuitBreakerHealthPolicy</c>).</summary>
    public const string CircuitBreakerHealthPolicy = "CircuitBreaker";

    /// <summary>
    /// The available-destinations policy of every backend: YARP's <c>HealthyAndUnknown</c> (a destination leaves the
    /// rotation while its circuit is open or its active probe fails) that also leaves out the destinations the fleet's
    /// shared health took out (see <c>FleetAwareDestinationsPolicy</c>).
    /// </summary>
    public const string FleetAwareDestinationsPolicy = "HealthyAndUnknownInFleet";

    public static IReadOnlyList<RouteConfig> MapRoutes(GatewayOptions options) =>
        options.Routes.Select(pair => MapRoute(pair.Key, pair.Value)).ToList();

    /// <param name="options">The gateway's routes and backends.</param>
    /// <param name="sharedProbes">
    /// True when the fleet's elected probers send the active health probes (<see cref="HealthProbeMode"/>): YARP's own
    /// probing is then off, its settings kept for the probe requests.
    /// </param>
    public static IReadOnlyList<ClusterConfig> MapClusters(GatewayOptions options, bool sharedProbes = false) =>
        options.Backends.Select(pair => MapCluster(pair.Key, pair.Value, sharedProbes)).ToList();

    private static RouteConfig MapRoute(string id, GatewayRouteOptions route)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (route.AuthPolicy is not null)
        {
            metadata[AuthPolicyMetadata] = route.AuthPolicy;
        }

        if (route.AllowRewriteHeaders)
        {
            metadata[AllowRewriteHeadersMetadata] = "true";
        }

        if (route.AccessLog)
        {
            metadata[AccessLogMetadata] = "true";
        }

        if (route.RateLimitPolicy is not null)
        {
            metadata[RateLimitPolicyMetadata] = route.RateLimitPolicy;
            metadata[RateLimitKeyMetadata] = route.RateLimitKey;
            metadata[RateLimitPerRouteMetadata] = route.RateLimitPerRoute ? "true" : "false";
        }

        RouteTransformsMapper.AddMetadata(route.Transforms, metadata);
        if (route.Cors is not null)
        {
            metadata[CorsMetadata] = JsonSerializer.Serialize(route.Cors);
        }

        if (route.IpRules is not null)
        {
            metadata[IpRulesMetadata] = JsonSerializer.Serialize(route.IpRules);
        }

        if (route.Mirror is not null)
        {
            metadata[MirrorMetadata] = JsonSerializer.Serialize(route.Mirror);
        }

        if (route.Cache is not null)
        {
            metadata[CacheMetadata] = JsonSerializer.Serialize(route.Cache);
        }

        CompositeRouteMapper.AddMetadata(route, metadata);

        return new RouteConfig
        {
            RouteId = id,
            CorsPolicy = route.Cors is null ? null : CorsPolicyPrefix + id,
            ClusterId = CompositeRouteMapper.ClusterOf(route),
            Order = route.Order,
            Timeout = route.Timeout,
            MaxRequestBodySize = route.MaxRequestBodySize,
            Metadata = metadata,
            Match = new RouteMatch
            {
                Path = route.Path,
                Methods = CompositeRouteMapper.MethodsOf(route),
                Hosts = route.Hosts.Count == 0 ? null : route.Hosts,
                Headers = route.Headers.Count == 0 ? null : route.Headers.Select(MapHeader).ToList(),
                QueryParameters = route.QueryParameters.Count == 0 ? null : route.QueryParameters.Select(MapQueryParameter).ToList(),
            },
            Transforms = MapTransforms(route),
        };
    }

    private static RouteHeader MapHeader(RouteHeaderOptions header) => new()
    {
        Name = header.Name!,
        Values = header.Values.Count == 0 ? null : header.Values,
        Mode = Enum.Parse<HeaderMatchMode>(header.Mode, ignoreCase: true),
        IsCaseSensitive = false,
    };

    private static RouteQueryParameter MapQueryParameter(RouteQueryParameterOptions query) => new()
    {
        Name = query.Name!,
        Values = query.Values.Count == 0 ? null : query.Values,
        Mode = Enum.Parse<QueryParameterMatchMode>(query.Mode, ignoreCase: true),
        IsCaseSensitive = false,
    };

    private static List<Dictionary<string, string>> MapTransforms(GatewayRouteOptions route)
    {
        var transforms = new List<Dictionary<string, string>>();
        if (route.StripPrefix is not null)
        {
            transforms.Add(new() { ["PathRemovePrefix"] = route.StripPrefix.TrimEnd('/') });
        }

        if (route.RewritePath is not null)
        {
            transforms.Add(new() { ["PathPattern"] = route.RewritePath });
        }

        RouteTransformsMapper.AddTransforms(route.Transforms, transforms);

        return transforms;
    }

    private static ClusterConfig MapCluster(string id, BackendOptions backend, bool sharedProbes)
    {
        var probe = backend.HealthProbe;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = probe.FailureThreshold.ToString(CultureInfo.InvariantCulture),
        };
        if (backend.IdentityAssertion)
        {
            metadata[IdentityAssertionMetadata] = "true";
        }

        if (backend.Groups.Count > 0)
        {
            metadata[SplitMetadata] = JsonSerializer.Serialize(new BackendSplitConfig(backend.Groups, backend.Split));
        }

        return new ClusterConfig
        {
            ClusterId = id,
            LoadBalancingPolicy = backend.LoadBalancing,
            Destinations = backend.Destinations.ToDictionary(
                d => d.Key, d => new DestinationConfig { Address = d.Value }, StringComparer.OrdinalIgnoreCase),
            HealthCheck = new HealthCheckConfig
            {
                AvailableDestinationsPolicy = FleetAwareDestinationsPolicy,
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = backend.Resilience.CircuitBreaker.Enabled,
                    Policy = CircuitBreakerHealthPolicy,
                    ReactivationPeriod = backend.Resilience.CircuitBreaker.BreakDuration,
                },
                Active = probe.Enabled
                    ? new ActiveHealthCheckConfig
                    {
                        Enabled = !sharedProbes,
                        Interval = probe.Interval,
                        Timeout = probe.Timeout,
                        Path = probe.Path,
                        Policy = "ConsecutiveFailures",
                    }
                    : null,
            },
            Metadata = metadata,
        };
    }
}
