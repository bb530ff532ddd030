using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>What every start needs and that is set up once: the backend process, a key in Azurite and, if asked for, the ReadyToRun builds of the gateway and bare YARP.</summary>
public sealed class StartupEnvironment : IAsyncDisposable
{
    public const string KeyTable = "ApiKeys";
    public const string Plan = "bench";

    private StartupEnvironment(BenchProcess backend, Uri backendAddress)
    {
        Backend = backend;
        BackendAddress = backendAddress;
    }

    public BenchProcess Backend { get; }

    public Uri BackendAddress { get; }

    public string StorageConnectionString { get; private set; } = "";

    public string Key { get; private set; } = "";

    public ReadyToRunPublish? ReadyToRun { get; private set; }

    public ReadyToRunPublish? Composite { get; private set; }

    /// <summary>The bare YARP proxy published ReadyToRun, the floor for the gateway's ReadyToRun build.</summary>
    public ReadyToRunPublish? BareYarpReadyToRun { get; private set; }

    public static async Task<StartupEnvironment> StartAsync(StartupOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (backend, address) = await ServeCommand.StartAsync("backend", "/", ["backend", "{port}"], cancellationToken);
        var environment = new StartupEnvironment(backend, address);
        try
        {
            environment.StorageConnectionString = await BenchmarkStorage.ConnectionStringAsync();
            environment.Key = await BenchmarkKeys.CreateAsync(environment.StorageConnectionString, KeyTable, "bench-tenant", Plan, cancellationToken);
            if (options.ReadyToRun)
            {
                environment.ReadyToRun = await ReadyToRunPublish.CreateAsync(composite: false, cancellationToken);
            }

            if (options.ReadyToRun && options.BareYarp)
            {
                environment.BareYarpReadyToRun = await ReadyToRunPublish.BareYarpAsync(cancellationToken);
            }

            if (options.Composite)
            {
                environment.Composite = await ReadyToRunPublish.CreateAsync(composite: true, cancellationToken);
            }

            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReadyToRun?.Dispose();
        Composite?.Dispose();
        BareYarpReadyToRun?.Dispose();
        await Backend.DisposeAsync();
    }
}
