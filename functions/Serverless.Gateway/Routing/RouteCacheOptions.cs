namespace Serverless.Gateway.Routing;

/// <summary>A route's response cache for GET and HEAD (docs/caching.md).</summary>
public sealed class RouteCacheOptions
{
    /// <summary>How long a response stays fresh when the backend says no <c>max-age</c> or <c>s-maxage</c>. Default 00:00:30.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Request headers whose values are part of the cache key, e.g. <c>Accept-Language</c>. Default: none.</summary>
    public List<string> VaryByHeaders { get; set; } = [];

    /// <summary>
    /// Share entries between all callers. Default false: entries are keyed by the caller's tenant, and anonymous callers
    /// share one partition of their own.
    /// </summary>
    public bool Public { get; set; }

    /// <summary>
    /// How long past its freshness an entry may still be served, marked stale, when the backend fails (5xx, timeout, open
    /// circuit). Default: none (never served stale).
    /// </summary>
    public TimeSpan? StaleIfError { get; set; }

    /// <summary>Whether a response served from the cache counts against the caller's plan quotas. Default true.</summary>
    public bool CountHitsAgainstQuota { get; set; } = true;

    /// <summary>Also keep entries in the shared tier (a table of the gateway's storage account), so every instance can serve them. Default false.</summary>
    public bool Shared { get; set; }

    /// <summary>Largest response body kept, in bytes; a larger response is passed on uncached. Default 262144 (256 KB).</summary>
    public int MaxEntryBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Cache responses to requests carrying an <c>Authorization</c> header, or on a route that is not <c>Public</c> a
    /// <c>Cookie</c> header, on a route without <c>AuthPolicy</c> (the gateway did not check them, so all such callers
    /// share entries). Default false: such requests bypass the cache.
    /// </summary>
    public bool CacheUnvalidatedAuthorization { get; set; }
}
