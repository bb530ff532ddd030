using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Functions;

/// <summary>
/// Records the Functions host's invocation id on every request span, whatever answers the request (a proxied route,
/// the orders API, a 404), so each request in Application Insights joins the host's own record of it. Proxied requests
/// carry it as <c>x-ms-invocation-id</c>, the host's function invocations as <c>X-Azure-Functions-InvocationId</c>.
/// </summary>
public sealed class HostInvocationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (RecordedSpan.Current is { } activity)
        {
            var headers = context.Request.Headers;
            var id = headers.TryGetValue(FunctionInvocationEndpoint.ProxiedRequestHeader, out var proxied) ? proxied.ToString()
                : headers.TryGetValue(FunctionInvocationEndpoint.InvocationIdHeader, out var invoked) ? invoked.ToString()
                : null;
            if (!string.IsNullOrEmpty(id))
            {
                activity.SetTag(GatewayTelemetry.InvocationIdTag, id);
            }
        }

        return next(context);
    }
}
