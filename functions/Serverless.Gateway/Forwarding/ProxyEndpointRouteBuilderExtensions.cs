namespace Serverless.Gateway.Forwarding;

public static class ProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the configured routes. The proxy pipeline leaves out YARP's per-request passive health step: the circuit
    /// breaker after load balancing already watches every outcome.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ProxyErrorMiddleware>();
            proxy.UseMiddleware<ForwardableRequestMiddleware>();
            proxy.UseMiddleware<Policies.RoutePolicyMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UseMiddleware<CircuitBreakerMiddleware>();
        });

        // The Functions host probes GET / until the app answers; a configured route for "/" still wins over this.
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], static () => TypedResults.Ok(new { status = "ok" }))
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
        return endpoints;
    }
}
