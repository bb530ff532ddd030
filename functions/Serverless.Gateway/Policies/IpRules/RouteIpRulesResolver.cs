using Serverless.Gateway.AccessRules;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Policies.IpRules;

/// <summary>Parses each route's <c>IpRules</c> once per route configuration object.</summary>
public sealed class RouteIpRulesResolver
{
    private readonly RouteSettingsCache<RouteIpRulesOptions, IpRuleSet> _rules =
        new(YarpConfigMapper.IpRulesMetadata, static (_, options) => IpRuleSet.Create(options.Allow, options.Deny));

    /// <summary>The route's rules, or null when it has none.</summary>
    public IpRuleSet? Resolve(RouteConfig route) => _rules.Resolve(route);
}
