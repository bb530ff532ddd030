using System.Buffers;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Kestrel has already decoded the path and removed dot segments, so <c>/api/a/../../admin</c> arrives as
/// <c>/admin</c> and is matched as such. What it leaves encoded (<c>%2F</c>) or a literal backslash or percent sign
/// could be decoded again by a backend into a different path than the one the route matched, so those are refused.
/// </summary>
public sealed class PathSafetyMiddleware(RequestDelegate next)
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create("%\\\0");

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || path.AsSpan().IndexOfAny(Unsafe) < 0)
        {
            return next(context);
        }

        return GatewayProblems.WriteAsync(
            context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidPath, "Invalid path",
            "The path contains an encoded slash, a backslash, a percent sign or a NUL character, which the gateway does not forward.");
    }
}
