namespace Serverless.Samples;

/// <summary>
/// A switch that makes a demo backend act as if it were down, so the gateway's answers to a failing backend (a stale
/// cache entry, a missing composite part, an open circuit) can be tried by hand: <c>PUT /_control/outage</c> turns it
/// on, <c>DELETE /_control/outage</c> off. While it is on, every other request, the health check included, gets 503.
/// </summary>
internal sealed class DemoOutage
{
    public const string ControlPath = "/_control/outage";

    private volatile bool _on;

    public IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints, string servedBy)
    {
        endpoints.MapPut(ControlPath, () =>
        {
            _on = true;
            return TypedResults.Ok(new { servedBy, outage = true });
        });
        endpoints.MapDelete(ControlPath, () =>
        {
            _on = false;
            return TypedResults.Ok(new { servedBy, outage = false });
        });
        return endpoints;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_on || context.Request.Path.StartsWithSegments(ControlPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }
}
