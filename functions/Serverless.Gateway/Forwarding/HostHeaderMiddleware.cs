using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Refuses a request whose <c>Host</c> header is present but empty. Kestrel lets it through, since RFC 9112 allows it for
/// a target without an authority, but an <c>http</c> URI must name a host (RFC 9110 section 4.2.1), and YARP would send
/// the empty value on next to the destination's own, giving the backend two Host headers.
/// </summary>
internal sealed class HostHeaderMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(Microsoft.Net.Http.Headers.HeaderNames.Host, out var host) || !string.IsNullOrWhiteSpace(host))
        {
            return next(context);
        }

        return GatewayProblems.WriteAsync(
            context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidHost, "Invalid host", "The Host header is empty; it must name the host the request is for.");
    }
}
