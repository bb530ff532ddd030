using System.Globalization;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Servers;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// What the saga benchmark runs against, each in its own process on loopback: the benchmarks' in-memory Azurite, the
/// three demo participants without faults, the gateway and the orders service from their build output (see
/// <see cref="SagaSettings"/>), and an API key of <see cref="Tenant"/> that may place and read orders.
/// </summary>
public sealed class SagaEnvironment : IAsyncDisposable
{
    public const string Tenant = "bench";

    private readonly StartedServices _started = new();

    private SagaEnvironment(string taskHub) => TaskHub = taskHub;

    public Uri Inventory { get; private set; } = null!;

    public Uri Payment { get; private set; } = null!;

    public Uri Shipping { get; private set; } = null!;

    public FunctionAppInstance Gateway { get; private set; } = null!;

    public FunctionAppInstance Orders { get; private set; } = null!;

    /// <summary>The task hub of this run: a new name each time, so no run sees another's instances or queues.</summary>
    public string TaskHub { get; }

    /// <summary>A key of <see cref="Tenant"/> with orders:write and orders:read.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>Starts everything; <paramref name="stock"/> units of <paramref name="sku"/> are in stock.</summary>
    public static Task<SagaEnvironment> StartAsync(string sku, int stock, TimeSpan maxQueuePollingInterval, CancellationToken cancellationToken) =>
        StartedServices.StartAsync(
            new SagaEnvironment($"SagaBench{Guid.NewGuid():N}"[..21]),
            environment => environment.StartCoreAsync(sku, stock, maxQueuePollingInterval, cancellationToken));

    /// <summary>In reverse order of start: the orders service first, so no saga calls a participant that has gone.</summary>
    public ValueTask DisposeAsync() => _started.DisposeAsync();

    private async Task StartCoreAsync(string sku, int stock, TimeSpan maxQueuePollingInterval, CancellationToken cancellationToken)
    {
        var storage = await BenchmarkStorage.ConnectionStringAsync();
        Inventory = await StartParticipantAsync("inventory", ["inventory", "{port}", sku, stock.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        Payment = await StartParticipantAsync("payment", ["payment", "{port}"], cancellationToken);
        Shipping = await StartParticipantAsync("shipping", ["shipping", "{port}"], cancellationToken);
        Key = await BenchmarkKeys.CreateAsync(storage, new ApiKeyOptions().Table, Tenant, GatewayBenchSettings.Plan, ["orders:write", "orders:read"], cancellationToken);

        // Each app must know the other's address before it starts: the gateway forwards to the orders service, which
        // fetches the gateway's key set on its first request.
        var ordersAddress = FunctionAppInstance.FreeAddress();
        Gateway = _started.Add(FunctionAppInstance.Start("gateway", SagaSettings.Gateway(storage, ordersAddress)));
        Orders = _started.Add(FunctionAppInstance.Start(
            "orders",
            SagaSettings.Orders(storage, Gateway.Address, Inventory, Payment, Shipping, TaskHub, maxQueuePollingInterval),
            FunctionAppInstance.OrdersAssemblyPath,
            ordersAddress));
        await Gateway.WaitUntilHealthyAsync(cancellationToken);
        await Orders.WaitUntilHealthyAsync(cancellationToken);
    }

    private async Task<Uri> StartParticipantAsync(string name, string[] serveArguments, CancellationToken cancellationToken)
    {
        var (process, address) = await ServeCommand.StartAsync(name, "/_ledger", serveArguments, cancellationToken);
        _started.Add(process);
        return address;
    }
}
