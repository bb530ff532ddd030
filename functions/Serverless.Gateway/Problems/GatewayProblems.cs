using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Problems;

/// <summary>Writes RFC 9457 Problem Details with the gateway's <c>code</c> and the W3C trace id.</summary>
public static class GatewayProblems
{
    public static async Task WriteAsync(
        HttpContext context, int status, string code, string title, string detail, TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        if (context.Features.Get<AccessLogFeature>() is { } accessLog)
        {
            accessLog.ProblemCode = code;
        }

        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var problem = Create(context, status, code, title, detail);
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    public static ProblemDetails Create(HttpContext context, int status, string code, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>The W3C trace id when a trace is active (so the answer can be found in Application Insights), else the request id.</summary>
    public static string TraceId(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
