using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orders.Events;
using Serverless.Orders.Api;
using Serverless.Orders.Hosting;
using Serverless.Orders.Model;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Tests.Infrastructure;

/// <summary>
/// The saga's orchestrator and activities on the real Durable Task worker and client, connected through the app's own
/// <see cref="DurableSidecar"/> to the SDK's in-memory orchestration service: no Functions host, no storage. Retries
/// and timeouts are short so every path ends within seconds.
/// </summary>
internal sealed class SagaHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DurableSidecar _sidecar;

    private SagaHost(IHost host, DurableSidecar sidecar, RecordingEventSender events)
    {
        _host = host;
        _sidecar = sidecar;
        Events = events;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    public RecordingEventSender Events { get; }

    public static async Task<SagaHost> StartAsync(ParticipantServices participants, RecordingEventSender? events = null, params string[] settings)
    {
        var service = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        var sidecar = await DurableSidecar.StartAsync(service, service, NullLoggerFactory.Instance, CancellationToken.None);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("ORDERS_TEST_LOGS") is "1")
        {
            builder.Logging.AddConsole();
        }

        var configuration = new Dictionary<string, string?>(participants.Settings(), StringComparer.OrdinalIgnoreCase)
        {
            ["Orders:Participants:AttemptTimeout"] = "00:00:02",
            ["Orders:RetryBaseDelay"] = "00:00:00.050",
            ["Orders:RetryMaxDelay"] = "00:00:00.200",
            ["Orders:MaxStepAttempts"] = "20",
            ["Orders:MaxCompensationAttempts"] = "20",
            ["Orders:StepTimeout"] = "00:00:20",
            ["Orders:SagaTimeout"] = "00:01:00",
            ["Orders:Gateway:JwksUri"] = "http://127.0.0.1:9/.well-known/jwks.json",
            ["Orders:Gateway:Audience"] = "orders",
        };
        foreach (var pair in settings.Select(static s => s.Split('=', 2)))
        {
            configuration[pair[0]] = pair[1];
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        events ??= new RecordingEventSender();
        builder.Services.AddSingleton<IOrderEventSender>(events);
        builder.Services.AddOrdersService(builder.Configuration, OrdersHostingMode.Standalone);
        builder.Services.AddDurableTaskWorker(worker => worker.UseGrpc(sidecar.Channel).AddTasks(static registry => registry.AddOrderSagaTasks()));
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(sidecar.Channel));
        var host = builder.Build();
        await host.StartAsync();
        return new SagaHost(host, sidecar, events);
    }

    public static PlacedOrder Order(string customerId = "cust-1", string country = "NO", string sku = "apple", int quantity = 2, decimal unitPrice = 1.25m) =>
        new(customerId, "EUR", [new OrderItem(sku, quantity, unitPrice)], new ShippingAddress("1 Main St", "Oslo", "0150", country));

    /// <summary>Starts a saga as <c>POST /orders</c> would, with the configured policy.</summary>
    public async Task<string> StartSagaAsync(PlacedOrder order)
    {
        var policy = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrdersOptions>>().Value.ToPolicy();
        var id = Guid.NewGuid().ToString("N");
        var input = new OrderSagaInput(id, "contoso", order, "hash", DateTimeOffset.UtcNow, null, policy);
        await Client.ScheduleNewOrchestrationInstanceAsync(SagaTasks.Orchestrator, input, new Microsoft.DurableTask.StartOrchestrationOptions(id));
        return id;
    }

    public async Task<OrderSagaState> StateAsync(string id)
    {
        var instance = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        return instance?.ReadCustomStatusAs<OrderSagaState>() ?? new OrderSagaState();
    }

    public async Task<OrderSagaState> WaitForAsync(string id, Func<OrderSagaState, bool> condition, string what)
    {
        try
        {
            return await Eventually.ReturnsAsync(() => StateAsync(id), condition, TimeSpan.FromSeconds(60),
                last => $"Order {id} never {what}; last state: {System.Text.Json.JsonSerializer.Serialize(last)}");
        }
        catch (Xunit.Sdk.FailException exception)
        {
            var instance = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            throw new Xunit.Sdk.XunitException($"{exception.Message}{Environment.NewLine}Orchestration: {instance?.RuntimeStatus}, {instance?.FailureDetails}");
        }
    }

    public Task<OrderSagaState> WaitForStatusAsync(string id, OrderStatus status) =>
        WaitForAsync(id, state => state.Status == status, $"reached {status}");

    /// <summary>The history as "Name:Kind:Outcome", in order, for compact assertions.</summary>
    public static string[] History(OrderSagaState state) =>
        [.. state.History.Select(static r => $"{r.Name}:{r.Kind}:{r.Outcome}")];

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _sidecar.DisposeAsync();
    }
}
