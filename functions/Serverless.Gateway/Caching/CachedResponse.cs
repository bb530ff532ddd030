namespace Serverless.Gateway.Caching;

/// <summary>A stored response: immutable once made, so a hit writes it without copying.</summary>
/// <param name="Status">The backend's status code.</param>
/// <param name="Headers">The response headers worth replaying (hop-by-hop and the cache's own left out).</param>
/// <param name="Body">The body; empty for HEAD.</param>
/// <param name="StoredAt">When it was stored, for <c>Age</c>.</param>
/// <param name="FreshUntil">Served as a hit until then.</param>
/// <param name="KeepUntil">Served stale on a backend failure until then; dropped after.</param>
public sealed record CachedResponse(int Status, KeyValuePair<string, string[]>[] Headers, byte[] Body, DateTimeOffset StoredAt, DateTimeOffset FreshUntil, DateTimeOffset KeepUntil)
{
    /// <summary>A rough count of the bytes it holds, for the memory limit.</summary>
    public long Size { get; } = Body.Length + Headers.Sum(static h => h.Key.Length * 2 + h.Value.Sum(static v => v.Length * 2 + 24) + 48) + 128;
}
