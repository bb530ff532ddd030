using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Serverless.Gateway.Routing;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Forwarding;

/// <summary>Builds the Polly pipelines for one backend from its <see cref="ResilienceOptions"/>.</summary>
public static class BackendPipelineFactory
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Serverless.Gateway.Request");

    /// <summary>Retry (outer) around a per-attempt timeout, run inside YARP's HTTP client for every attempt.</summary>
    public static ResiliencePipeline<HttpResponseMessage> CreateAttemptPipeline(ResilienceOptions options, Action onRetry, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(IsRetryable(args.Context, args.Outcome)),
                OnRetry = _ =>
                {
                    onRetry();
                    AccessLogFeature.Current?.CountRetry();
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>The circuit breaker of one destination; it sees each forwarded request once, retries included.</summary>
    public static ResiliencePipeline<ProxyOutcome> CreateBreakerPipeline(
        CircuitBreakerOptions options, Func<OnCircuitOpenedArguments<ProxyOutcome>, ValueTask> onOpened,
        Func<OnCircuitClosedArguments<ProxyOutcome>, ValueTask> onClosed, Func<OnCircuitHalfOpenedArguments, ValueTask> onHalfOpened,
        TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder<ProxyOutcome> { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProxyOutcome>
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is not null || args.Outcome.Result.IsDestinationFailure),
                OnOpened = onOpened,
                OnClosed = onClosed,
                OnHalfOpened = onHalfOpened,
            })
            .Build();

    /// <summary>
    /// Retry only what is safe to repeat: an idempotent method (or a request carrying an <c>Idempotency-Key</c>, which
    /// the receiver promises to de-duplicate), a transient failure, and a body that has not been sent or can be sent again.
    /// A connection that could not be established never sent a byte, so it is retried even when the request has a body.
    /// </summary>
    private static bool IsRetryable(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (context.CancellationToken.IsCancellationRequested || !context.Properties.TryGetValue(RequestKey, out var request)
            || !(IdempotentMethods.Contains(request.Method) || request.Headers.Contains(IdempotentMethods.IdempotencyKeyHeader)))
        {
            return false;
        }

        // A buffered body can be sent again; a streamed one (every proxied request) cannot.
        var bodySent = request.Content is not null and not ByteArrayContent;
        return outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
            HttpRequestException or TimeoutRejectedException => !bodySent,
            BrokenCircuitException or OperationCanceledException => false,
            null => !bodySent && outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            _ => false,
        };
    }
}
