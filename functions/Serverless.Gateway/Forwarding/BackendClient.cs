using System.Collections.Concurrent;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Calls a configured backend from inside the gateway (the order saga's participants) with the same protection as
/// proxied traffic: only the backend's configured, currently available destinations; that destination's circuit
/// breaker; the backend's per-attempt timeout and retries.
/// </summary>
public sealed partial class BackendClient(IProxyStateLookup proxyState, BackendResilience pipelines, ILogger<BackendClient> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _invokers = new(StringComparer.OrdinalIgnoreCase);
    private int _next;

    /// <summary>
    /// Sends a request built for one destination's base address. Throws <see cref="BackendUnavailableException"/> when the
    /// backend is unknown, has no available destination, or the chosen destination's circuit is open.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string backendId, Func<Uri, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        if (!proxyState.TryGetCluster(backendId, out var cluster))
        {
            throw new BackendUnavailableException($"Backend '{backendId}' is not configured.");
        }

        var destinations = cluster.DestinationsState.AvailableDestinations;
        if (destinations.Count == 0)
        {
            throw new BackendUnavailableException($"Backend '{backendId}' has no available destination.");
        }

        var destination = destinations[(int)((uint)Interlocked.Increment(ref _next) % (uint)destinations.Count)];
        var address = destination.Model.Config.Address;

        // A trailing slash keeps a base path such as /api when the caller's relative path is resolved against it.
        using var request = createRequest(new Uri(address.EndsWith('/') ? address : address + "/", UriKind.Absolute));
        var invoker = _invokers.GetOrAdd(backendId, static (id, self) => self.CreateInvoker(id), this);
        if (pipelines.GetBreaker(cluster, destination) is not { } breaker)
        {
            return await invoker.SendAsync(request, cancellationToken);
        }

        if (!breaker.TryEnter(out _))
        {
            throw new BackendUnavailableException($"Backend '{backendId}' destination '{destination.DestinationId}' is failing and not being called for now.");
        }

        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancellationToken);
        }
        catch (BackendAttemptTimeoutException)
        {
            breaker.Record(failed: true);
            throw;
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            breaker.Record(failed: true);

            // The caller still needs to know what happened (DNS, TLS, refused), with the backend named.
            LogCallFailed(logger, backendId, destination.DestinationId, failure);
            throw new HttpRequestException(
                failure is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown and var error } ? error : HttpRequestError.ConnectionError,
                $"Backend '{backendId}' destination '{destination.DestinationId}' could not be reached: {failure.Message}",
                failure);
        }

        breaker.Record(new ProxyOutcome((int)response.StatusCode, ForwarderError.None).IsDestinationFailure);
        return response;
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Calling backend {Backend} destination {Destination} failed")]
    private static partial void LogCallFailed(ILogger logger, string backend, string destination, Exception? exception);

    private HttpMessageInvoker CreateInvoker(string backendId) => new(
        new RetryHandler(backendId, pipelines)
        {
            InnerHandler = new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
        },
        disposeHandler: true);
}
