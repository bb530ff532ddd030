using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Answers 414 and 431 with Problem Details for request targets and headers over <see cref="RequestLimits"/>, which is
/// what Kestrel would have refused with an empty body at its default limits.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target?.Length > RequestLimits.MaxTargetLength)
        {
            return GatewayProblems.WriteAsync(
                context, StatusCodes.Status414UriTooLong, ProblemCodes.UriTooLong, "URI too long",
                $"The request target is {target.Length} characters long; the gateway accepts at most {RequestLimits.MaxTargetLength}.");
        }

        var (count, size, underscores) = Measure(context.Request.Headers);
        if (count > RequestLimits.MaxHeaderCount || size > RequestLimits.MaxHeadersSize)
        {
            return GatewayProblems.WriteAsync(
                context, StatusCodes.Status431RequestHeaderFieldsTooLarge, ProblemCodes.HeadersTooLarge, "Request headers too large",
                $"The request has {count} header lines of {size} bytes in all; the gateway accepts at most {RequestLimits.MaxHeaderCount} lines and {RequestLimits.MaxHeadersSize} bytes.");
        }

        if (!underscores)
        {
            context.Features.Set(UnderscoreFreeHeaders.Instance);
        }

        return next(context);
    }

    private static (int Count, int Size, bool Underscores) Measure(IHeaderDictionary headers)
    {
        var count = 0;
        var size = 0;
        var underscores = false;
        foreach (var (name, values) in headers)
        {
            underscores |= name.Contains('_', StringComparison.Ordinal);
            foreach (var value in values)
            {
                count++;
                size += name.Length + Encoding.UTF8.GetByteCount(value ?? string.Empty) + 4;
            }
        }

        return (count, size, underscores);
    }
}
