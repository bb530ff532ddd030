using Microsoft.AspNetCore.Http.Features;
using Serverless.Gateway.Problems;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Refuses, before a destination is picked, the requests that could not be forwarded anyway: a CONNECT, which asks for a
/// tunnel the HTTP client cannot open and the gateway would not, and a body whose declared length is over the route's
/// limit. Both are the client's doing, so they must not reach the destination's circuit breaker as failures.
/// </summary>
internal sealed class ForwardableRequestMiddleware(RequestDelegate next)
{
    private const string ForwardableMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var route = context.GetReverseProxyFeature().Route.Config;

        // An extended CONNECT is a WebSocket over HTTP/2, which YARP forwards.
        if (HttpMethods.IsConnect(request.Method) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect != true)
        {
            context.Response.Headers.Allow = route.Match.Methods is { Count: > 0 } methods ? string.Join(", ", methods) : ForwardableMethods;
            return GatewayProblems.WriteAsync(
                context, StatusCodes.Status405MethodNotAllowed, ProblemCodes.MethodNotAllowed, "Method not allowed",
                "CONNECT asks for a tunnel, which the gateway does not open.");
        }

        if (request.ContentLength is { } length && length > MaxBodySize(context, route))
        {
            return GatewayProblems.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "Request body too large",
                "The request body is larger than this route accepts.");
        }

        return next(context);
    }

    /// <summary>The limit YARP applies just before forwarding: the route's own, or else the server's.</summary>
    private static long MaxBodySize(HttpContext context, RouteConfig route) => route.MaxRequestBodySize switch
    {
        -1 => long.MaxValue,
        { } size => size,
        null => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? long.MaxValue,
    };
}
