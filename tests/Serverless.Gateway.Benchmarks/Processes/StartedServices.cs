namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>
/// What a benchmark's environment has started: stopped in reverse order, since what started later uses what started
/// earlier; an environment whose start fails stops what it had started before the failure propagates.
/// </summary>
public sealed class StartedServices : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _services = [];

    public T Add<T>(T service)
        where T : IAsyncDisposable
    {
        _services.Add(service);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _services.Count - 1; i >= 0; i--)
        {
            await _services[i].DisposeAsync();
        }

        _services.Clear();
    }

    /// <summary>Runs <paramref name="start"/> on <paramref name="environment"/> and returns it, or disposes it and rethrows.</summary>
    public static async Task<T> StartAsync<T>(T environment, Func<T, Task> start)
        where T : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            await start(environment);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }
}
