using Serverless.Gateway.Caching;
using Serverless.Gateway.Composite;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Forwarding.Canary;
using Serverless.Gateway.Forwarding.Mirroring;
using Serverless.Gateway.Policies;
using Serverless.Gateway.Policies.IpRules;

namespace Serverless.Gateway.Hosting;

/// <summary>The steps every proxied request takes once a route matched it, in order.</summary>
internal static class ProxyPipeline
{
    /// <summary>
    /// Routes with <c>AccessLog</c> on get a record of whatever follows. Backend failures become Problem Details; a
    /// request that cannot be forwarded is refused; the route's client address rules, then its policies admit the
    /// caller; the response cache answers what it holds (or a stale entry when what follows fails); a composite route is
    /// answered from its parts; mirrored routes copy a share of what goes on to the backend; a backend's destination
    /// groups narrow the choice, then YARP picks a destination (leaving out those the fleet's shared health took out),
    /// which the circuit breaker guards, and whose outcome is counted for the fleet. YARP's per-request
    /// passive health step is left out: the circuit breaker after load balancing already watches every outcome. So is its
    /// session affinity, which no route's configuration can turn on.
    /// </summary>
    public static void Configure(IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<AccessLogMiddleware>();
        proxy.UseMiddleware<ProxyErrorMiddleware>();
        proxy.UseMiddleware<ForwardableRequestMiddleware>();
        proxy.UseMiddleware<RouteIpRulesMiddleware>();
        proxy.UseMiddleware<RoutePolicyMiddleware>();
        proxy.UseMiddleware<ResponseCacheMiddleware>();
        proxy.UseMiddleware<CompositeMiddleware>();
        proxy.UseMiddleware<MirrorMiddleware>();
        proxy.UseMiddleware<BackendSplitMiddleware>();
        proxy.UseLoadBalancing();
        proxy.UseMiddleware<DestinationOutcomeMiddleware>();
    }
}
