using System.Buffers;

namespace Serverless.Samples;

/// <summary>
/// Answers any method under <c>/echo</c> with what arrived: method, path, query, the headers a proxy is expected to
/// add or keep (<c>Host</c>, trace context, <c>X-Forwarded-*</c>, and <c>X-Demo-*</c> for headers a route's transforms
/// set), and the body length counted while streaming (never buffered, so multi-gigabyte bodies are fine). Other headers
/// stay out of the report, credentials among them.
/// </summary>
internal static class EchoEndpoints
{
    private static readonly string[] ReportedHeaders = ["Host", "traceparent", "tracestate"];

    public static IEndpointRouteBuilder MapEcho(this IEndpointRouteBuilder endpoints, string servedBy)
    {
        endpoints.Map("/echo/{**path}", async (HttpContext context) =>
        {
            var request = context.Request;
            var bodyLength = await CountBodyBytesAsync(request.Body, context.RequestAborted);
            return TypedResults.Ok(new EchoReport(
                servedBy,
                request.Method,
                (request.PathBase + request.Path).Value ?? "/",
                request.QueryString.Value ?? string.Empty,
                SelectHeaders(request.Headers),
                bodyLength));
        });
        return endpoints;
    }

    private static Dictionary<string, string> SelectHeaders(IHeaderDictionary headers)
    {
        var selected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Demo-", StringComparison.OrdinalIgnoreCase)
                || ReportedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                selected[name] = values.ToString();
            }
        }

        return selected;
    }

    private static async Task<long> CountBodyBytesAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
