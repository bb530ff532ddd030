using System.Net;
using Serverless.Gateway.Benchmarks.Distributed;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// Proves that the cached target measures cache hits, not the proxy: its gateway forwards to a backend of its own that
/// counts what reaches it. After the warm-up a probe must come back <c>X-Cache: HIT</c>, and no measured run may reach
/// that backend. Either failure stops the run: a cache benchmark that silently measured misses would report the
/// proxied request's cost as the cache's.
/// </summary>
public sealed class CacheHitCheck(CountingBackend backend)
{
    private const string CacheHeader = "X-Cache";

    /// <summary>Requests that reached the cached target's backend so far: the misses.</summary>
    public long BackendRequests => backend.Requests;

    /// <summary>One request as the load sends it, which must be answered from the cache.</summary>
    public static async Task ProbeAsync(string targetName, Uri uri, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var client = Loopback.CreateClient(TimeSpan.FromSeconds(5));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var cache = response.Headers.TryGetValues(CacheHeader, out var values) ? string.Join(", ", values) : "(none)";
        if (response.StatusCode != HttpStatusCode.OK || cache != "HIT")
        {
            throw new InvalidOperationException(
                $"{targetName} is not serving cache hits after its warm-up: a probe got {(int)response.StatusCode} with {CacheHeader}: {cache}. The cache benchmark would measure misses.");
        }
    }

    /// <summary>Fails if any request of a measured run reached the backend: every one of them must have been a hit.</summary>
    public void ThrowIfMissed(string targetName, long backendRequestsBefore, WrkResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var misses = BackendRequests - backendRequestsBefore;
        if (misses > 0)
        {
            throw new InvalidOperationException(
                $"{targetName}: {misses} of the {run.Requests} measured requests reached the backend (cache misses); every measured request must be a hit.");
        }
    }
}
