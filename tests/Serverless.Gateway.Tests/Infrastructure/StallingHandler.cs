namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>
/// Passes requests to the real storage until told to stall; from then on every request waits, as if the service stopped
/// answering, until the caller's cancellation token fires. Tells when a stalled request arrived and when it was cancelled.
/// </summary>
public sealed class StallingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Stalling { get; set; }

    /// <summary>Completes when the first request stalls.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Completes when a stalled request's cancellation token fires.</summary>
    public Task Cancelled => _cancelled.Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!Stalling)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        _stalled.TrySetResult();
        using var registration = cancellationToken.Register(() => _cancelled.TrySetResult());
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("Unreachable: the delay only ends by cancellation.");
    }
}
