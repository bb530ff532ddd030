using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Serverless.Orders.Hosting;

/// <summary>
/// The standalone stand-in for the Durable Functions extension: the task hub on DurableTask.AzureStorage (the backend
/// Durable Functions uses), served over gRPC on a private loopback port to this process's one Durable Task worker and
/// client. Only one worker may connect to a sidecar.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly IOrchestrationService _service;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SidecarLifetime _lifetime;

    private DurableSidecar(WebApplication host, SidecarLifetime lifetime, IOrchestrationService service, ILoggerFactory loggerFactory, GrpcChannel channel)
    {
        _host = host;
        _lifetime = lifetime;
        _service = service;
        _loggerFactory = loggerFactory;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public static Task<DurableSidecar> StartOnAzureStorageAsync(
        TaskHubOptions options, StorageConnection storage, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.Name,
            StorageAccountClientProvider = storage.TaskHubClients(),
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            PartitionCount = options.PartitionCount,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,

            // The default, the machine name, is the same for every process on one machine: a process started after
            // another was killed would take the dead one's partitions for its own and never claim them properly.
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
        });
        return StartAsync(service, (IOrchestrationServiceClient)service, loggerFactory, cancellationToken);
    }

    /// <summary>Starts the sidecar over any orchestration service, such as an in-memory one in tests. The sidecar owns <paramref name="loggerFactory"/>.</summary>
    public static async Task<DurableSidecar> StartAsync(
        IOrchestrationService service, IOrchestrationServiceClient client, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        var lifetime = new SidecarLifetime();
        builder.Services.AddSingleton<IHostLifetime>(lifetime);
        builder.Services.AddSingleton(provider => ActivatorUtilities.CreateInstance<TaskHubGrpcServer>(provider, (IHostApplicationLifetime)lifetime));
        var host = builder.Build();
        host.MapGrpcService<TaskHubGrpcServer>();
        await host.StartAsync(cancellationToken);
        lifetime.NotifyStarted();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DurableSidecar(host, lifetime, service, loggerFactory, GrpcChannel.ForAddress(address));
    }

    /// <summary>
    /// Stops after the worker has (the caller's job): the orchestration service first, which releases its partition
    /// leases so the next start does not wait for them to expire, then the gRPC server. Nothing else stops either.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _service.StopAsync(isForced: false);
        await _host.StopAsync();
        await _host.DisposeAsync();
        _lifetime.Dispose();
        _loggerFactory.Dispose();
    }
}
