using System.Globalization;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;
using Serverless.LocalRun.Apps;
using Serverless.LocalRun.Azurite;
using Serverless.LocalRun.Cli;
using Serverless.LocalRun.Dashboard;
using Serverless.LocalRun.DevIdentity;
using Serverless.Samples;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The gateway as the local run starts it: a real process from its own build output on the checked-in gateway.local.json,
/// trusting the development identity provider (with the repository's development key, the one the token command signs
/// with) and exporting telemetry to the Aspire dashboard, with a demo echo backend behind it. All on free loopback ports;
/// started once per test class, on the run's shared Azurite.
/// </summary>
public sealed class LocalRunGatewayFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly List<IAsyncDisposable> _started = [];
    private DevSigningKey? _key;

    internal AppProcess Gateway { get; private set; } = null!;

    internal DevIdentityProvider Identity { get; private set; } = null!;

    internal DashboardProcess Dashboard { get; private set; } = null!;

    public HttpClient Client { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<LocalRunGatewayFixture> StartAsync(AzuriteFixture azurite)
    {
        await _starting.WaitAsync();
        try
        {
            if (_key is null)
            {
                await StartCoreAsync(azurite);
            }

            return this;
        }
        finally
        {
            _starting.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // In reverse order of start, as the local run stops them: the gateway before what it depends on.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _key?.Dispose();
        Client.Dispose();
        _starting.Dispose();
    }

    private async Task StartCoreAsync(AzuriteFixture azurite)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var repositoryRoot = RepositoryRoot.Find();
        _key = DevSigningKey.LoadOrCreate(TokenCommand.DevIdentityDirectory(repositoryRoot));
        Identity = await DevIdentityProvider.StartAsync(_key, 0, timeout.Token);
        _started.Add(Identity);

        var executable = DashboardExecutable.Find(out var missing) ?? throw new InvalidOperationException($"No dashboard: {missing}");
        Dashboard = await DashboardProcess.StartAsync(executable, LoopbackPorts.Free(), LoopbackPorts.Free(), timeout.Token);
        _started.Add(Dashboard);

        var echo = await DemoBackend.StartAsync("echo-1", 0, timeout.Token);
        _started.Add(echo);

        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Telemetry__SamplingRatio"] = "1",
            ["Gateway__Backends__echo__Destinations__echo-1"] = echo.Address.ToString(),

            // A key table of its own, and no queue triggers: the run's other tests consume the order-events queues.
            ["Auth__ApiKeys__Table"] = "LocalRunKeys" + Guid.NewGuid().ToString("N")[..8],
            ["Functions__Triggers__Enabled"] = "false",
        };
        foreach (var (variable, value) in Identity.GatewaySettings().Concat(LocalRunner.TelemetrySettings(Dashboard)))
        {
            settings[variable] = value;
        }

        var port = LoopbackPorts.Free();
        Gateway = AppProcess.Start("gateway", AppBuildOutput.FindAssembly(AppBuildOutput.Gateway), port, ["--config", LocalRunner.GatewayConfigPath(repositoryRoot)], settings);
        _started.Add(Gateway);
        await Gateway.WaitUntilReadyAsync(timeout.Token);
        Client.BaseAddress = Gateway.Address;
    }

    /// <summary>The <c>--identity-port</c> that names this provider, as a user would pass it.</summary>
    public string IdentityPort => Identity.Address.Port.ToString(CultureInfo.InvariantCulture);
}
