using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Policies.Cors;

/// <summary>
/// Gives ASP.NET Core's CORS middleware the policy of the route a request matched, built once per route configuration
/// object (YARP hands out a new one when the route, its CORS settings included, changes).
/// </summary>
public sealed class RouteCorsPolicyProvider : ICorsPolicyProvider
{
    private static readonly Task<CorsPolicy?> None = Task.FromResult<CorsPolicy?>(null);

    private readonly GatewayConfigMonitor _monitor;
    private readonly ConditionalWeakTable<RouteConfig, Task<CorsPolicy?>>.CreateValueCallback _create = Create;
    private readonly ConditionalWeakTable<RouteConfig, Task<CorsPolicy?>> _cache = [];

    public RouteCorsPolicyProvider(GatewayConfigMonitor monitor) => _monitor = monitor;

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is { } route)
        {
            return _cache.GetValue(route.Config, _create);
        }

        // YARP checks that a route's policy exists with a request that matched nothing; the routes it checks are current.
        return policyName?.StartsWith(YarpConfigMapper.CorsPolicyPrefix, StringComparison.Ordinal) == true
            && _monitor.Current.Options.Routes.TryGetValue(policyName[YarpConfigMapper.CorsPolicyPrefix.Length..], out var options)
            && options.Cors is { } cors
                ? Task.FromResult<CorsPolicy?>(RouteCorsPolicies.Build(cors, options.Methods))
                : None;
    }

    private static Task<CorsPolicy?> Create(RouteConfig route) =>
        route.Metadata?.TryGetValue(YarpConfigMapper.CorsMetadata, out var json) == true && JsonSerializer.Deserialize<RouteCorsOptions>(json) is { } cors
            ? Task.FromResult<CorsPolicy?>(RouteCorsPolicies.Build(cors, route.Match.Methods))
            : None;
}
