namespace Serverless.Gateway.Forwarding;

public static class ProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the configured routes, each request running through <paramref name="pipeline"/> (the composition root
    /// decides its steps and their order), and the answer to <c>GET /</c> when no route takes it.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder endpoints, Action<IReverseProxyApplicationBuilder> pipeline)
    {
        endpoints.MapReverseProxy(pipeline);

        // The Functions host probes GET / until the app answers; a configured route for "/" still wins over this.
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], static () => TypedResults.Ok(HostProbeAnswer.Ok))
            .WithOrder(int.MaxValue)
            .ExcludeFromDescription();
        return endpoints;
    }
}
