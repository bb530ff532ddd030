using Microsoft.Net.Http.Headers;

namespace Serverless.Gateway.Caching;

/// <summary>What may be stored and for how long, from the backend's answer (docs/caching.md).</summary>
internal static class ResponseCacheRules
{
    /// <summary>Answers a stale entry may stand in for: the backend's or the gateway's own when the backend failed.</summary>
    public static bool IsFailure(int status) => status is 500 or 502 or 503 or 504;

    /// <summary>How long the response stays fresh, or null when it must not be stored.</summary>
    public static TimeSpan? Freshness(HttpResponse response, RouteCachePolicy policy)
    {
        var headers = response.Headers;
        if (response.StatusCode is not (200 or 203 or 204 or 300 or 301 or 404 or 410)
            || headers.ContainsKey(HeaderNames.SetCookie))
        {
            return null;
        }

        var cacheControl = headers.CacheControl;
        if (CacheControl.Has(cacheControl, "no-store") || CacheControl.Has(cacheControl, "no-cache") || CacheControl.Has(cacheControl, "private"))
        {
            return null;
        }

        // A backend varying by a header the key does not include would have its variants served to each other.
        foreach (var vary in headers.Vary)
        {
            foreach (var name in (vary ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!policy.Options.VaryByHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
                    && !(policy.VariesByOrigin && name.Equals(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase)))
                {
                    return null;
                }
            }
        }

        var seconds = CacheControl.TryGetSeconds(cacheControl, "s-maxage", out var shared) ? shared
            : CacheControl.TryGetSeconds(cacheControl, "max-age", out var own) ? own
            : (long?)null;
        var freshness = seconds is { } s ? TimeSpan.FromSeconds(Math.Min(s, (long)TimeSpan.FromDays(365).TotalSeconds)) : policy.Options.Duration;
        return freshness > TimeSpan.Zero ? freshness : null;
    }

    /// <summary>The headers a hit replays: not the hop-by-hop ones, nor those the cache writes itself.</summary>
    public static KeyValuePair<string, string[]>[] ReplayedHeaders(IHeaderDictionary headers)
    {
        var kept = new List<KeyValuePair<string, string[]>>(headers.Count);
        foreach (var (name, values) in headers)
        {
            if (!IsDropped(name))
            {
                kept.Add(new(name, values.ToArray()!));
            }
        }

        return [.. kept];
    }

    private static bool IsDropped(string name) =>
        name.Equals(HeaderNames.Age, StringComparison.OrdinalIgnoreCase)
        || name.Equals(ResponseCacheMiddleware.CacheHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Warning, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.KeepAlive, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase);
}
