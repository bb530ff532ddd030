using System.Runtime.CompilerServices;
using System.Text.Json;
using Serverless.Gateway.AccessRules;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Policies.IpRules;

/// <summary>Parses each route's <c>IpRules</c> once per route configuration object, as <see cref="RoutePolicyResolver"/> does its policies.</summary>
public sealed class RouteIpRulesResolver
{
    private static readonly Rules NoRules = new(null);

    private readonly ConditionalWeakTable<RouteConfig, Rules>.CreateValueCallback _create = Create;
    private readonly ConditionalWeakTable<RouteConfig, Rules> _cache = [];

    /// <summary>The route's rules, or null when it has none.</summary>
    public IpRuleSet? Resolve(RouteConfig route) => _cache.GetValue(route, _create).Set;

    private static Rules Create(RouteConfig route)
    {
        if (route.Metadata is null || !route.Metadata.TryGetValue(YarpConfigMapper.IpRulesMetadata, out var json)
            || JsonSerializer.Deserialize<RouteIpRulesOptions>(json) is not { } options)
        {
            return NoRules;
        }

        return new Rules(IpRuleSet.Create(options.Allow, options.Deny));
    }

    /// <summary>A class around the possibly null set, as the table's values must be.</summary>
    private sealed record Rules(IpRuleSet? Set);
}
