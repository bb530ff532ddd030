namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>What a backend received: method, path as forwarded, and headers.</summary>
public sealed record RecordedRequest(string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Headers)
{
    public static RecordedRequest From(HttpContext context) => new(
        context.Request.Method,
        context.Request.Path.Value ?? string.Empty,
        context.Request.QueryString.Value ?? string.Empty,
        context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
}
