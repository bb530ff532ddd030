using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using Serverless.Gateway.Telemetry;
using Serverless.GatewayIdentity;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>
/// Sends shadow copies on a client of their own, off the request's path: no retries, no circuit breaker, the answer
/// read (at most <see cref="MaxDrainBytes"/>) and discarded, only the status and latency kept as metrics.
/// </summary>
internal sealed class MirrorSender : IDisposable
{
    /// <summary>How much of a shadow's answer is read before the connection is dropped: enough for any API answer worth timing.</summary>
    private const int MaxDrainBytes = 1024 * 1024;

    private readonly HttpMessageInvoker _client;
    private readonly IProxyStateLookup _proxyState;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<MirrorSender> _logger;
    private readonly CancellationToken _stopping;

    public MirrorSender(
        IProxyStateLookup proxyState, GatewayMetrics metrics, TimeProvider time, ILogger<MirrorSender> logger, IHostApplicationLifetime lifetime)
    {
        _proxyState = proxyState;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),

            // As for the primary (GatewayForwarderHttpClientFactory): header values go on exactly as they arrived.
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        });
    }

    /// <summary>
    /// Builds the copy as the route's transforms shape the request for its own backend (path, query, headers, identity
    /// headers), or null when it cannot be built. Runs before the primary is forwarded: YARP applies transforms only
    /// while the response has not started. <paramref name="body"/> is filled later, as the primary reads it.
    /// </summary>
    public async ValueTask<HttpRequestMessage?> PrepareAsync(HttpContext context, MirrorPlan plan, byte[]? body)
    {
        if (!_proxyState.TryGetCluster(plan.Backend, out var cluster) || cluster.DestinationsState.AllDestinations is not { Count: > 0 } destinations)
        {
            Count(plan, MirrorOutcome.Failed);
            return null;
        }

        var destination = destinations[Random.Shared.Next(destinations.Count)].Model.Config.Address;
        var message = new HttpRequestMessage(HttpMethod.Parse(context.Request.Method), (Uri?)null)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = body is null ? null : new ByteArrayContent(body),
        };
        try
        {
            await context.GetReverseProxyFeature().Route.Transformer.TransformRequestAsync(context, message, destination, context.RequestAborted);
            message.RequestUri ??= RequestUtilities.MakeDestinationAddress(destination, context.Request.Path, context.Request.QueryString);

            // An assertion is signed for the route's own backend as audience; the shadow must not hold one it could replay there.
            message.Headers.Remove(GatewayAssertion.HeaderName);
            return message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            message.Dispose();
            Count(plan, MirrorOutcome.Failed);
            MirrorLog.ShadowFailed(_logger, plan.RouteId, plan.Backend, ex);
            return null;
        }
    }

    /// <summary>Sends a prepared copy in the background, or counts it skipped when the route's copies in flight are at their limit.</summary>
    public void Send(MirrorPlan plan, HttpRequestMessage message, int primaryStatus, TimeSpan primaryElapsed)
    {
        if (!plan.TryEnter())
        {
            message.Dispose();
            Count(plan, MirrorOutcome.SkippedConcurrency);
            return;
        }

        _ = Task.Run(() => SendInBackgroundAsync(plan, message, primaryStatus, primaryElapsed));
    }

    public void Count(MirrorPlan plan, string outcome) =>
        _metrics.MirrorRequests.Add(1, new(GatewayTelemetry.RouteTag, plan.RouteId), new("outcome", outcome));

    public void Dispose() => _client.Dispose();

    private async Task SendInBackgroundAsync(MirrorPlan plan, HttpRequestMessage message, int primaryStatus, TimeSpan primaryElapsed)
    {
        using var timeout = new CancellationTokenSource(plan.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(message, linked.Token);
            await DrainAsync(response, linked.Token);
            Record(plan, (int)response.StatusCode, _time.GetElapsedTime(started), primaryStatus, primaryElapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Count(plan, MirrorOutcome.Timeout);
            MirrorLog.ShadowTimedOut(_logger, plan.RouteId, plan.Backend, plan.Timeout);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The gateway is stopping: the copy is abandoned, which is no fault of the shadow's.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Count(plan, MirrorOutcome.Failed);
            MirrorLog.ShadowFailed(_logger, plan.RouteId, plan.Backend, ex);
        }
        finally
        {
            message.Dispose();
            plan.Exit();
        }
    }

    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var total = 0;
            int read;
            while (total < MaxDrainBytes && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Record(MirrorPlan plan, int status, TimeSpan elapsed, int primaryStatus, TimeSpan primaryElapsed)
    {
        Count(plan, MirrorOutcome.Sent);
        var shadowClass = MirrorOutcome.StatusClass(status);
        var primaryClass = MirrorOutcome.StatusClass(primaryStatus);
        _metrics.MirrorDuration.Record(
            elapsed.TotalSeconds, new(GatewayTelemetry.RouteTag, plan.RouteId), new("status_class", shadowClass));
        _metrics.MirrorPrimaryDuration.Record(
            primaryElapsed.TotalSeconds, new(GatewayTelemetry.RouteTag, plan.RouteId), new("status_class", primaryClass));
        if (status != primaryStatus)
        {
            _metrics.MirrorMismatches.Add(
                1, new(GatewayTelemetry.RouteTag, plan.RouteId), new("primary_status_class", primaryClass), new("shadow_status_class", shadowClass));
        }
    }
}
