namespace Serverless.Orders.Hosting;

/// <summary>
/// The sidecar's host lifetime: it ignores the process's signals and tells the Durable Task gRPC server that the app
/// started, but never that it is stopping. The server would then stop its dispatchers and the orchestration service on
/// its own, unawaited, racing the ordered stop <see cref="DurableSidecar"/> does after the worker has gone.
/// </summary>
internal sealed class SidecarLifetime : IHostLifetime, IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _started = new();
    private readonly CancellationTokenSource _never = new();

    public CancellationToken ApplicationStarted => _started.Token;

    public CancellationToken ApplicationStopping => _never.Token;

    public CancellationToken ApplicationStopped => _never.Token;

    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void NotifyStarted() => _started.Cancel();

    public void StopApplication()
    {
    }

    public void Dispose()
    {
        _started.Dispose();
        _never.Dispose();
    }
}
