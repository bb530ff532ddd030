using System.Runtime.ExceptionServices;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Sits inside YARP's HTTP client for one backend and runs every attempt under the backend's attempt timeout, retrying
/// what <see cref="BackendAttemptPolicy"/> allows. It sees the backend's status before YARP copies anything to the
/// client, so a 503 can still be retried. Written out by hand rather than as a Polly pipeline: this runs on every
/// proxied request, and the loop below allocates only its state machine and a timed cancellation source per attempt.
/// </summary>
public sealed class RetryHandler(string backendId, BackendResilience pipelines) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request is HealthProbeRequest || pipelines.GetAttemptPolicy(backendId) is not { } policy
            ? base.SendAsync(request, cancellationToken)
            : SendAttemptsAsync(request, policy, cancellationToken);

    private async Task<HttpResponseMessage> SendAttemptsAsync(HttpRequestMessage request, BackendAttemptPolicy policy, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            HttpResponseMessage? response = null;
            ExceptionDispatchInfo? failure = null;
            var timeout = new CancellationTokenSource(policy.AttemptTimeout, policy.TimeProvider);
            var departed = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
            try
            {
                response = await base.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                failure = ExceptionDispatchInfo.Capture(new BackendAttemptTimeoutException(policy.AttemptTimeout, exception));
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
            finally
            {
                departed.Dispose();
                timeout.Dispose();
            }

            if (retry >= policy.MaxRetries || cancellationToken.IsCancellationRequested
                || !BackendAttemptPolicy.IsRetryable(request, response, failure?.SourceException))
            {
                failure?.Throw();
                return response!;
            }

            response?.Dispose();
            policy.OnRetry();
            await Task.Delay(policy.RetryDelay(retry, Random.Shared.NextDouble()), policy.TimeProvider, cancellationToken);
        }
    }
}
