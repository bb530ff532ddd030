using System.Buffers;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Kestrel has already decoded the path and removed dot segments, so <c>/api/a/../../admin</c> arrives as
/// <c>/admin</c> and is matched as such. What it leaves encoded (<c>%2F</c>) or a literal backslash or percent sign
/// could be decoded again by a backend into a different path than the one the route matched, so those are refused.
/// So is a dot segment with path parameters (<c>/api/a/..;/admin</c>): Kestrel keeps it as an ordinary segment, but
/// Tomcat, Jetty and Spring drop the <c>;</c> parameters first and then resolve the dots, reaching <c>/api/admin</c>.
/// </summary>
public sealed class PathSafetyMiddleware(RequestDelegate next)
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create("%\\\0");

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || (path.AsSpan().IndexOfAny(Unsafe) < 0 && !HasDotSegmentWithParameters(path)))
        {
            return next(context);
        }

        return GatewayProblems.WriteAsync(
            context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidPath, "Invalid path",
            "The path contains an encoded slash, a backslash, a percent sign, a NUL character or a dot segment with ';' parameters, which the gateway does not forward.");
    }

    private static bool HasDotSegmentWithParameters(string path)
    {
        if (!path.Contains(';', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            var parameters = segment.IndexOf(';');
            if (parameters > 0 && segment[..parameters] is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
