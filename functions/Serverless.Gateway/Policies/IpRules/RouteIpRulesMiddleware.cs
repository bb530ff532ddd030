using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Policies.IpRules;

/// <summary>
/// Refuses a request whose client address the route's <c>IpRules</c> do not permit, before authentication, so a
/// refused address costs no key look-up and no rate limit. The client address is the connection's, or what a trusted
/// proxy (<c>Hosting:KnownProxies</c>) forwarded: the forwarded-headers middleware has already put it there.
/// </summary>
public sealed class RouteIpRulesMiddleware(RequestDelegate next, RouteIpRulesResolver resolver, GatewayMetrics metrics)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (resolver.Resolve(route) is { } rules && !rules.Permits(context.Connection.RemoteIpAddress))
        {
            return AccessRefusals.IpNotAllowedAsync(context, metrics, route.RouteId, "Requests from the client's address are not allowed on this route.");
        }

        return next(context);
    }
}
