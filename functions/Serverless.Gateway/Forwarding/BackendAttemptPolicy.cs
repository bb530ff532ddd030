using System.Net;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// One backend's <see cref="ResilienceOptions"/> as the request path uses them: how long an attempt may take, how many
/// retries follow it and how long each waits. <see cref="RetryHandler"/> runs the attempts.
/// </summary>
public sealed class BackendAttemptPolicy(ResilienceOptions options, TimeProvider timeProvider, Action onRetry)
{
    public TimeSpan AttemptTimeout { get; } = options.AttemptTimeout;

    public int MaxRetries { get; } = options.Retry.MaxRetries;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>
    /// Exponential backoff from the base delay, times a jitter factor between 0.8 and 1.2 so that requests that failed
    /// together do not retry together, and never more than the maximum delay.
    /// </summary>
    /// <param name="retry">0 for the first retry.</param>
    /// <param name="jitter">A number in [0, 1).</param>
    public TimeSpan RetryDelay(int retry, double jitter)
    {
        // In double ticks, so that a long base delay and a late retry cap at the maximum instead of overflowing.
        var retryOptions = options.Retry;
        var ticks = retryOptions.BaseDelay.Ticks * Math.Pow(2, Math.Clamp(retry, 0, 62)) * (0.8 + (Math.Clamp(jitter, 0, 1) * 0.4));
        return ticks < retryOptions.MaxDelay.Ticks ? TimeSpan.FromTicks((long)ticks) : retryOptions.MaxDelay;
    }

    /// <summary>Counts a retry for the backend's metrics and the request's access log entry.</summary>
    public void OnRetry()
    {
        onRetry();
        AccessLogFeature.Current?.CountRetry();
    }

    /// <summary>
    /// Retry only what is safe to repeat: an idempotent method (or a request carrying an <c>Idempotency-Key</c>, which
    /// the receiver promises to de-duplicate), a transient failure, and a body that has not been sent or can be sent again.
    /// A connection that could not be established never sent a byte, so it is retried even when the request has a body.
    /// </summary>
    public static bool IsRetryable(HttpRequestMessage request, HttpResponseMessage? response, Exception? failure)
    {
        if (!(IdempotentMethods.Contains(request.Method) || request.Headers.Contains(IdempotentMethods.IdempotencyKeyHeader)))
        {
            return false;
        }

        // A buffered body can be sent again; a streamed one (every proxied request) cannot.
        var bodySent = request.Content is not null and not ByteArrayContent;
        return failure switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
            HttpRequestException or BackendAttemptTimeoutException => !bodySent,
            null => !bodySent && response?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            _ => false,
        };
    }
}
