namespace Serverless.Gateway.Routing;

/// <summary>Checks a route's <c>Cache</c> settings, one line per problem.</summary>
public static class RouteCacheOptionsValidator
{
    /// <summary>The shared tier keeps an entry as table properties, which hold at most 1 MB in all.</summary>
    public const int LargestEntryBytes = 512 * 1024;

    public static void Validate(string routeKey, GatewayRouteOptions route, List<string> errors)
    {
        if (route.Cache is not { } cache)
        {
            return;
        }

        var key = $"{routeKey}:Cache";
        if (cache.Duration <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Duration: must be positive, e.g. 00:00:30.");
        }

        if (cache.StaleIfError is { } stale && stale <= TimeSpan.Zero)
        {
            errors.Add($"{key}:StaleIfError: must be positive, e.g. 00:05:00, or left out to never serve stale entries.");
        }

        if (cache.MaxEntryBytes is <= 0 or > LargestEntryBytes)
        {
            errors.Add($"{key}:MaxEntryBytes: must be between 1 and {LargestEntryBytes} bytes, e.g. 262144.");
        }

        for (var i = 0; i < cache.VaryByHeaders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(cache.VaryByHeaders[i]) || cache.VaryByHeaders[i].Any(static c => c <= ' ' || c == ':' || c > '~'))
            {
                errors.Add($"{key}:VaryByHeaders:{i}: must be a header name, e.g. Accept-Language.");
            }
        }

        if (route.Methods.Count > 0 && !route.Methods.Any(static m => m.Equals("GET", StringComparison.OrdinalIgnoreCase) || m.Equals("HEAD", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{key}: only GET and HEAD responses are cached, and the route's Methods allow neither; remove Cache or allow GET.");
        }
    }
}
