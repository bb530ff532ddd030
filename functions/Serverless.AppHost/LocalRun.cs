using Serverless.AppHost.Azurite;
using Serverless.AppHost.Demo;
using Serverless.AppHost.Demo.Notifications;
using Serverless.AppHost.Demo.Participants;
using Serverless.AppHost.Gateway;

namespace Serverless.AppHost;

/// <summary>
/// One command for a working local gateway: Azurite, demo backends, the demo saga participants, the demo notifications
/// webhook and the gateway with demo routes, stopped together on Ctrl+C. Resources are disposed in reverse order of
/// start, so the gateway stops before its backends, its participants and its storage.
/// </summary>
internal static class LocalRun
{
    private const string StorageVariable = "AzureWebJobsStorage";

    // Azurite's standard ports, so tools configured with UseDevelopmentStorage=true see the same storage.
    private const int BlobPort = 10000;
    private const int QueuePort = 10001;
    private const int TablePort = 10002;

    public static async Task<int> RunAsync(string[] args)
    {
        AppHostOptions options;
        try
        {
            options = AppHostOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"{exception.Message}{Environment.NewLine}{Environment.NewLine}{AppHostOptions.Usage}");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(AppHostOptions.Usage);
            return 0;
        }

        using var shutdown = new ShutdownSignal();
        try
        {
            return await RunAsync(options, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
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

    private static async Task<int> RunAsync(AppHostOptions options, CancellationToken cancellationToken)
    {
        var repositoryRoot = RepositoryRoot.Find();
        var gatewayAssembly = GatewayBuildOutput.FindAssembly();

        await using var azurite = options.StartAzurite ? await StartAzuriteAsync(repositoryRoot, cancellationToken) : null;
        var storage = azurite?.ConnectionString ?? Environment.GetEnvironmentVariable(StorageVariable);
        if (string.IsNullOrWhiteSpace(storage))
        {
            throw new InvalidOperationException($"--no-azurite needs a storage connection string in the {StorageVariable} environment variable.");
        }

        await using var catalog1 = await StartBackendAsync("catalog-1", 5101, cancellationToken);
        await using var catalog2 = await StartBackendAsync("catalog-2", 5102, cancellationToken);
        await using var echo = await StartBackendAsync("echo-1", 5103, cancellationToken);
        await using var inventory = await StartParticipantAsync("inventory", InventoryService.StartAsync, DemoParticipants.Inventory, 5201, cancellationToken);
        await using var payment = await StartParticipantAsync("payment", PaymentService.StartAsync, DemoParticipants.Payment, 5202, cancellationToken);
        await using var shipping = await StartParticipantAsync("shipping", ShippingService.StartAsync, DemoParticipants.Shipping, 5203, cancellationToken);
        await using var notifications = await StartWebhookReceiverAsync(5204, cancellationToken);

        var configPath = Path.Combine(repositoryRoot, "functions", "Serverless.AppHost", "gateway.local.json");
        Console.WriteLine($"Starting the gateway from {gatewayAssembly}");
        await using var gateway = GatewayProcess.Start(gatewayAssembly, configPath, options.GatewayPort, new Dictionary<string, string>
        {
            [StorageVariable] = storage,
            ["HeartbeatSchedule"] = "0 */5 * * * *",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        await gateway.WaitUntilReadyAsync(cancellationToken);
        Console.WriteLine(Banner.For(gateway.Address, Path.GetRelativePath(repositoryRoot, configPath), azurite, inventory.Address, payment.Address, shipping.Address, notifications.Address));

        var exitCode = await gateway.WaitForExitAsync(cancellationToken);
        await Console.Error.WriteLineAsync($"The gateway exited unexpectedly with code {exitCode}; stopping.");
        return 1;
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
        // The ports are the ones gateway.local.json gives the order saga as its inventory, payment and shipping backends.
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
