using System.Globalization;
using Serverless.LocalRun.Apps;
using Serverless.LocalRun.Azurite;
using Serverless.LocalRun.Cli;
using Serverless.LocalRun.Dashboard;
using Serverless.LocalRun.DevIdentity;
using Serverless.Samples;
using Serverless.Samples.Notifications;
using Serverless.Samples.Participants;

namespace Serverless.LocalRun;

/// <summary>
/// One command for a working local product: Azurite, demo backends, the demo saga participants, the demo notifications
/// webhook, a development identity provider, the Aspire dashboard, the gateway with demo routes and the orders service
/// behind it, stopped together on Ctrl+C. Resources are
/// disposed in reverse order of start, so the orders service stops before the gateway, and both before their backends,
/// the participants and the storage.
/// </summary>
internal static class LocalRunner
{
    private const string StorageVariable = "AzureWebJobsStorage";

    // The orders service's backend id in gateway.local.json, which is also the audience of the assertions the gateway signs for it.
    private const string OrdersBackend = "orders";
    private const string OrdersDestinationVariable = $"Gateway__Backends__{OrdersBackend}__Destinations__orders-1";

    // Azurite's standard ports, so tools configured with UseDevelopmentStorage=true see the same storage.
    private const int BlobPort = 10000;
    private const int QueuePort = 10001;
    private const int TablePort = 10002;

    /// <summary>Runs everything until Ctrl+C or SIGTERM, or until an app exits; the exit code is the process's.</summary>
    public static async Task<int> RunAsync(LocalRunOptions options, CancellationToken cancellationToken)
    {
        using var shutdown = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token, cancellationToken);
        try
        {
            return await RunCoreAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            Console.WriteLine("Stopped.");
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"The local run failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> RunCoreAsync(LocalRunOptions options, CancellationToken cancellationToken)
    {
        var repositoryRoot = RepositoryRoot.Find();
        var gatewayAssembly = AppBuildOutput.FindAssembly(AppBuildOutput.Gateway);
        var ordersAssembly = AppBuildOutput.FindAssembly(AppBuildOutput.Orders);

        await using var azurite = options.StartAzurite ? await StartAzuriteAsync(repositoryRoot, cancellationToken) : null;
        var storage = azurite?.ConnectionString ?? Environment.GetEnvironmentVariable(StorageVariable);
        if (string.IsNullOrWhiteSpace(storage))
        {
            throw new InvalidOperationException($"--no-azurite needs a storage connection string in the {StorageVariable} environment variable.");
        }

        await using var catalog1 = await StartBackendAsync("catalog-1", 5101, cancellationToken);
        await using var catalog2 = await StartBackendAsync("catalog-2", 5102, cancellationToken);
        await using var echo = await StartBackendAsync("echo-1", 5103, cancellationToken);
        await using var echoShadow = await StartBackendAsync("echo-shadow-1", 5104, cancellationToken);
        await using var catalog3 = await StartBackendAsync("catalog-3", 5105, cancellationToken);
        await using var inventory = await StartParticipantAsync("inventory", InventoryService.StartAsync, DemoParticipants.Inventory, 5201, cancellationToken);
        await using var payment = await StartParticipantAsync("payment", PaymentService.StartAsync, DemoParticipants.Payment, 5202, cancellationToken);
        await using var shipping = await StartParticipantAsync("shipping", ShippingService.StartAsync, DemoParticipants.Shipping, 5203, cancellationToken);
        await using var notifications = await StartWebhookReceiverAsync(5204, cancellationToken);
        using var signingKey = DevSigningKey.LoadOrCreate(TokenCommand.DevIdentityDirectory(repositoryRoot));
        await using var identity = await StartIdentityProviderAsync(signingKey, options.IdentityPort, cancellationToken);
        await using var dashboard = options.StartDashboard ? await StartDashboardAsync(options, cancellationToken) : null;
        var telemetry = TelemetrySettings(dashboard);

        var configPath = GatewayConfigPath(repositoryRoot);
        var gatewaySettings = new Dictionary<string, string>
        {
            [StorageVariable] = storage,
            ["HeartbeatSchedule"] = "0 */5 * * * *",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",

            // Locally every request is worth seeing; the default keeps 5 new traces a second, as in Azure.
            ["Telemetry__SamplingRatio"] = "1",
        };
        foreach (var (variable, value) in identity.GatewaySettings().Concat(telemetry))
        {
            gatewaySettings[variable] = value;
        }

        if (options.OrdersPort != LocalRunOptions.DefaultOrdersPort)
        {
            // gateway.local.json routes to the default port; environment variables rank above the --config file.
            gatewaySettings[OrdersDestinationVariable] = $"http://127.0.0.1:{options.OrdersPort.ToString(CultureInfo.InvariantCulture)}";
        }

        // The gateway generates an ephemeral signing key for identity assertions; the orders service fetches its public
        // key lazily, on the first request, so it could start first too.
        await using var gateway = await StartAppAsync("gateway", gatewayAssembly, options.GatewayPort, ["--config", configPath], gatewaySettings, cancellationToken);
        var ordersSettings = OrdersSettings(storage, gateway.Address, inventory.Address, payment.Address, shipping.Address);
        foreach (var (variable, value) in telemetry)
        {
            ordersSettings[variable] = value;
        }

        await using var orders = await StartAppAsync("orders", ordersAssembly, options.OrdersPort, [], ordersSettings, cancellationToken);

        Console.WriteLine(Banner.For(new BannerAddresses(
            gateway.Address, orders.Address, Path.GetRelativePath(repositoryRoot, configPath), Path.GetFullPath(configPath), azurite,
            inventory.Address, payment.Address, shipping.Address, notifications.Address, catalog3.Address, identity.Address, dashboard?.Address)));

        var exited = await AppProcess.WhenAnyExitsAsync([gateway, orders], cancellationToken);
        await Console.Error.WriteLineAsync($"The {exited.Name} app exited unexpectedly with code {exited.ExitCode}; stopping.");
        return 1;
    }

    /// <summary>The gateway's routes and backends in the local run, read where the file is checked in so that edits reload live.</summary>
    internal static string GatewayConfigPath(string repositoryRoot) => Path.Combine(repositoryRoot, "functions", "Serverless.LocalRun", "gateway.local.json");

    /// <summary>
    /// The orders service's settings in the local run: the same storage as the gateway, the demo participants, the
    /// gateway's key set to verify its identity assertions, and the saga's default timings.
    /// </summary>
    internal static Dictionary<string, string> OrdersSettings(string storage, Uri gateway, Uri inventory, Uri payment, Uri shipping) => new()
    {
        [StorageVariable] = storage,
        ["Orders__Participants__Inventory"] = inventory.ToString(),
        ["Orders__Participants__Payment"] = payment.ToString(),
        ["Orders__Participants__Shipping"] = shipping.ToString(),
        ["Orders__Gateway__JwksUri"] = new Uri(gateway, "/.well-known/jwks.json").ToString(),
        ["Orders__Gateway__Audience"] = OrdersBackend,

        // Half the standalone default (1 s): an idle saga notices its next message sooner.
        ["Orders__TaskHub__MaxQueuePollingInterval"] = "00:00:00.500",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    /// <summary>
    /// Where the apps send traces, metrics and logs: the dashboard's OTLP/HTTP endpoint, exported every second or so rather
    /// than the SDK's default minute for metrics, so a request shows up while one still looks. None without a dashboard.
    /// </summary>
    internal static Dictionary<string, string> TelemetrySettings(DashboardProcess? dashboard) => dashboard is null ? [] : new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpHttpEndpoint.GetLeftPart(UriPartial.Authority),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
    };

    private static async Task<DevIdentityProvider> StartIdentityProviderAsync(DevSigningKey key, int port, CancellationToken cancellationToken)
    {
        try
        {
            var identity = await DevIdentityProvider.StartAsync(key, port, cancellationToken);
            Console.WriteLine($"Development identity provider (OIDC discovery and JWKS) listening on {identity.Address}");
            return identity;
        }
        catch (IOException exception)
        {
            throw new IOException($"The development identity provider could not listen on port {port}; is another local run still going? (--identity-port; {exception.Message})", exception);
        }
    }

    private static async Task<DashboardProcess?> StartDashboardAsync(LocalRunOptions options, CancellationToken cancellationToken)
    {
        if (DashboardExecutable.Find(out var missing) is not { } executable)
        {
            Console.WriteLine($"No Aspire dashboard: {missing}. The apps run without exporting telemetry.");
            return null;
        }

        Console.WriteLine("Starting the Aspire dashboard...");
        var dashboard = await DashboardProcess.StartAsync(executable, options.DashboardPort, options.OtlpPort, cancellationToken);
        Console.WriteLine($"Aspire dashboard at {dashboard.Address}, receiving OTLP/HTTP at {dashboard.OtlpHttpEndpoint}");
        return dashboard;
    }

    private static async Task<AppProcess> StartAppAsync(
        string name, string assemblyPath, int port, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Starting the {name} app from {assemblyPath}");
        var app = AppProcess.Start(name, assemblyPath, port, arguments, environment);
        try
        {
            await app.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        Console.WriteLine($"The {name} app is ready at {app.Address}");
        return app;
    }

    private static async Task<AzuriteProcess> StartAzuriteAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(repositoryRoot, ".local", "azurite")).FullName;
        var standardPortsFree = LoopbackPorts.IsFree(BlobPort) && LoopbackPorts.IsFree(QueuePort) && LoopbackPorts.IsFree(TablePort);
        if (!standardPortsFree)
        {
            Console.WriteLine($"Some of Azurite's standard ports {BlobPort}-{TablePort} are in use (another Azurite?); using free ports, which UseDevelopmentStorage=true will not find.");
        }

        Console.WriteLine("Starting Azurite (the first run installs it with npm ci)...");
        var (blob, queue, table) = standardPortsFree ? (BlobPort, QueuePort, TablePort) : (0, 0, 0);
        var azurite = await AzuriteProcess.StartAsync(repositoryRoot, blob, queue, table, dataDirectory, cancellationToken);
        Console.WriteLine($"Azurite listening on 127.0.0.1:{azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort} (blob/queue/table), data in {dataDirectory}");
        return azurite;
    }

    private static async Task<DemoBackend> StartBackendAsync(string name, int port, CancellationToken cancellationToken)
    {
        // The ports are the ones gateway.local.json routes to.
        try
        {
            var backend = await DemoBackend.StartAsync(name, port, cancellationToken);
            Console.WriteLine($"Demo backend {name} listening on {backend.Address}");
            return backend;
        }
        catch (IOException exception)
        {
            throw new IOException($"Demo backend {name} could not listen on port {port}; is another local run still going? ({exception.Message})", exception);
        }
    }

    private static async Task<WebhookReceiver> StartWebhookReceiverAsync(int port, CancellationToken cancellationToken)
    {
        // The port is the one gateway.local.json gives the order notifications as their "notifications" backend.
        try
        {
            var receiver = await WebhookReceiver.StartAsync(new WebhookReceiverOptions(), port, cancellationToken);
            Console.WriteLine($"Demo order notifications webhook listening on {receiver.Address}");
            return receiver;
        }
        catch (IOException exception)
        {
            throw new IOException($"The demo notifications webhook could not listen on port {port}; is another local run still going? ({exception.Message})", exception);
        }
    }

    private static async Task<TService> StartParticipantAsync<TOptions, TService>(
        string name, Func<TOptions, int, CancellationToken, Task<TService>> start, TOptions options, int port, CancellationToken cancellationToken)
        where TService : ParticipantService
    {
        // The orders service is given these addresses; the docs and the banner name the ports.
        try
        {
            var participant = await start(options, port, cancellationToken);
            Console.WriteLine($"Demo saga participant {name} listening on {participant.Address}");
            return participant;
        }
        catch (IOException exception)
        {
            throw new IOException($"Demo saga participant {name} could not listen on port {port}; is another local run still going? ({exception.Message})", exception);
        }
    }
}
