using System.Text;
using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Caching;

/// <summary>
/// The key of a request's entry: route, method, host, partition (the caller's tenant, the anonymous partition, or all
/// callers on a public route), path and query as sent, the values of the route's <c>VaryByHeaders</c>, and
/// <c>Origin</c> on a route with CORS.
/// </summary>
internal static class CacheKey
{
    private const char Separator = '\n';

    public static string For(HttpContext context, RouteCachePolicy policy)
    {
        var request = context.Request;
        var builder = new StringBuilder(128)
            .Append(policy.RouteId).Append(Separator)
            .Append(request.Method).Append(Separator)

            // The backend sees the client's Host (as X-Forwarded-Host) and may build links from it: without it in the key,
            // one request with a hostile Host would store links to that host for every caller.
            .Append(request.Host.Value).Append(Separator)
            .Append(Partition(context, policy)).Append(Separator)
            .Append(PathAndQuery(request));
        foreach (var header in policy.Options.VaryByHeaders)
        {
            // Newlines cannot appear in header values, so no value can imitate the next field.
            builder.Append(Separator).Append(request.Headers[header].ToString());
        }

        if (policy.VariesByOrigin)
        {
            builder.Append(Separator).Append(request.Headers.Origin.ToString());
        }

        return builder.ToString();
    }

    /// <summary>The path and query as the client sent them, which the CLI's <c>--key</c> names.</summary>
    public static string PathAndQuery(HttpRequest request) => request.Path.Value + request.QueryString.Value;

    private static string Partition(HttpContext context, RouteCachePolicy policy) =>
        policy.Options.Public ? "*"
        : context.Features.Get<CallerIdentityFeature>() is { } caller ? "t:" + caller.Identity.Tenant
        : "-";
}
