using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun;
using Serverless.Samples.Participants;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Events;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The order saga end to end as it is deployed: a real gateway (in process, on Azurite) routes <c>/orders</c> to the
/// orders service, a real process running its saga on its own task hub, which calls the three real demo participants
/// over loopback. Retries and timeouts are short so failure paths finish quickly; each harness has a fresh task hub and
/// empties the event subscriptions' queues, so nothing of an earlier test reaches this one.
/// </summary>
public sealed class OrderSagaHarness : IAsyncDisposable
{
    public const string Tenant = "contoso";

    /// <summary>Settings of the gateway's own <c>Orders</c> section (its order queries); every other <c>Orders:*</c> setting is the orders service's.</summary>
    private static readonly string[] GatewayOrdersSettings = ["Orders:Enabled", "Orders:Require", "Orders:ReadScope", "Orders:OperatorScope", "Orders:RateLimitPolicy"];

    private Dictionary<string, string?> _ordersSettings = [];
    private int _ordersPort;

    private OrderSagaHarness(InventoryService inventory, PaymentService payment, ShippingService shipping)
    {
        Inventory = inventory;
        Payment = payment;
        Shipping = shipping;
    }

    public InventoryService Inventory { get; }

    public PaymentService Payment { get; }

    public ShippingService Shipping { get; }

    public GatewayTestServer Gateway { get; private set; } = null!;

    /// <summary>The orders service's process; null when the harness was started without it.</summary>
    public AppChildProcess? Orders { get; private set; }

    /// <summary>The orders service's task hub, fresh for this harness.</summary>
    public string TaskHub => _ordersSettings["Orders:TaskHub:Name"]!;

    /// <summary>A key of <see cref="Tenant"/> with orders:write and orders:read.</summary>
    public string Key { get; private set; } = null!;

    /// <summary>A key with the operator scope, of another tenant.</summary>
    public string OperatorKey { get; private set; } = null!;

    public static Task<OrderSagaHarness> StartAsync(
        AzuriteFixture azurite,
        InventoryOptions? inventory = null,
        PaymentOptions? payment = null,
        ShippingOptions? shipping = null,
        params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, null, inventory, payment, shipping, settings);

    /// <summary>As above, with <paramref name="configure"/> applied to the gateway's builder (for an in-memory exporter, say).</summary>
    public static async Task<OrderSagaHarness> StartAsync(
        AzuriteFixture azurite,
        Action<WebApplicationBuilder>? configure,
        InventoryOptions? inventory = null,
        PaymentOptions? payment = null,
        ShippingOptions? shipping = null,
        params (string Key, string? Value)[] settings) =>
        await StartAsync(azurite, configure, withOrdersService: true, inventory, payment, shipping, settings);

    /// <summary>The gateway with its order queries and event consumers only: for tests that deliver events themselves.</summary>
    public static Task<OrderSagaHarness> StartGatewayOnlyAsync(AzuriteFixture azurite, params (string Key, string? Value)[] settings) =>
        StartAsync(azurite, null, withOrdersService: false, null, null, null, settings);

    private static async Task<OrderSagaHarness> StartAsync(
        AzuriteFixture azurite,
        Action<WebApplicationBuilder>? configure,
        bool withOrdersService,
        InventoryOptions? inventory,
        PaymentOptions? payment,
        ShippingOptions? shipping,
        (string Key, string? Value)[] settings)
    {
        await ResetQueuesAsync(azurite);
        var harness = new OrderSagaHarness(
            await InventoryService.StartAsync(inventory ?? DefaultInventory, 0, CancellationToken.None),
            await PaymentService.StartAsync(payment ?? new PaymentOptions { DeclinedCustomerIds = ["cust-declined"] }, 0, CancellationToken.None),
            await ShippingService.StartAsync(shipping ?? new ShippingOptions { UnserviceableCountries = ["AQ"] }, 0, CancellationToken.None));
        var ordersPort = LoopbackPorts.Free();
        var gateway = Settings(azurite, withOrdersService ? new Uri($"http://127.0.0.1:{ordersPort}") : null);
        var orders = OrdersSettings(azurite, harness.Inventory.Address, harness.Payment.Address, harness.Shipping.Address);
        foreach (var (key, value) in settings)
        {
            var ordersService = key.StartsWith("Orders:", StringComparison.OrdinalIgnoreCase) && !GatewayOrdersSettings.Contains(key, StringComparer.OrdinalIgnoreCase);
            (ordersService ? orders : gateway)[key] = value;
        }

        harness.Gateway = await GatewayTestServer.StartAsync(azurite, gateway, configure: configure);
        orders["Orders:Gateway:JwksUri"] = $"{harness.Gateway.Address}/.well-known/jwks.json";
        (harness._ordersSettings, harness._ordersPort) = (orders, ordersPort);
        if (withOrdersService)
        {
            harness.Orders = await harness.RestartOrdersAsync();
        }

        var keys = harness.Gateway.Services.GetRequiredService<ApiKeyManager>();
        harness.Key = (await keys.CreateAsync(Tenant, "standard", ["orders:write", "orders:read"], null, null, CancellationToken.None)).Key;
        harness.OperatorKey = (await keys.CreateAsync("operations", "standard", ["orders:operate"], null, null, CancellationToken.None)).Key;
        return harness;
    }

    /// <summary>Starts the orders service on its port and task hub (again, after a crash) and waits until it listens.</summary>
    public async Task<AppChildProcess> RestartOrdersAsync()
    {
        Orders = AppChildProcess.Start(AppChildProcess.Orders, _ordersSettings, port: _ordersPort);
        await Orders.WaitUntilListeningAsync();
        return Orders;
    }

    public static InventoryOptions DefaultInventory => new() { InitialStock = new Dictionary<string, int> { ["apple"] = 1000, ["pear"] = 1000, ["rare-book"] = 1 } };

    /// <summary>
    /// The gateway's settings: order queries on, fast queue polling, and, given the orders service's address, <c>/orders</c>
    /// routed to it with an identity assertion (POST on the root; everything below it except the queries).
    /// </summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, Uri? ordersService)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Orders:Enabled"] = "true",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.500",
        };
        if (ordersService is not null)
        {
            settings["Gateway:Routes:orders-place:Path"] = "/orders";
            settings["Gateway:Routes:orders-place:Methods:0"] = "POST";
            settings["Gateway:Routes:orders-place:Backend"] = "orders";
            settings["Gateway:Routes:orders-place:AuthPolicy"] = "orders";
            settings["Gateway:Routes:orders:Path"] = "/orders/{**rest}";
            settings["Gateway:Routes:orders:Backend"] = "orders";
            settings["Gateway:Routes:orders:AuthPolicy"] = "orders";
            settings["Gateway:Backends:orders:Destinations:d0"] = ordersService.ToString();
            settings["Gateway:Backends:orders:IdentityAssertion"] = "true";
            settings["Gateway:Backends:orders:Resilience:AttemptTimeout"] = "00:00:30";
            settings["Auth:Policies:orders:Require"] = "ApiKeyOrJwt";
        }

        return settings;
    }

    /// <summary>The orders service's settings: its own task hub, fast polling, retries and timeouts short enough for tests.</summary>
    public static Dictionary<string, string?> OrdersSettings(AzuriteFixture azurite, Uri inventory, Uri payment, Uri shipping) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Orders:TaskHub:Name"] = $"t{Guid.NewGuid():N}"[..16],
        ["Orders:TaskHub:MaxQueuePollingInterval"] = "00:00:00.100",
        ["Orders:Participants:Inventory"] = inventory.ToString(),
        ["Orders:Participants:Payment"] = payment.ToString(),
        ["Orders:Participants:Shipping"] = shipping.ToString(),
        ["Orders:Participants:AttemptTimeout"] = "00:00:02",
        ["Orders:Gateway:Audience"] = "orders",
        ["Orders:RetryBaseDelay"] = "00:00:00.050",
        ["Orders:RetryMaxDelay"] = "00:00:00.250",
        ["Orders:MaxStepAttempts"] = "20",
        ["Orders:MaxCompensationAttempts"] = "20",
        ["Orders:StepTimeout"] = "00:00:20",
        ["Orders:SagaTimeout"] = "00:01:00",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>Clears the event subscriptions' queues, visible and invisible messages alike, so nothing of an earlier test is handled here.</summary>
    public static async Task ResetQueuesAsync(AzuriteFixture azurite)
    {
        var queues = ServiceBusTopics.SubscriptionQueues(GatewayFunctionCatalog.Default, EventConsumerFunction.Topic);
        foreach (var name in queues.SelectMany(static queue => new[] { queue, PoisonQueues.NameFor(queue) }))
        {
            var queue = Queue(azurite, name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }
    }

    public static QueueClient Queue(AzuriteFixture azurite, string name) =>
        new(azurite.ConnectionString, name, StorageClientFactory.CreateQueueOptions());

    public static string OrderJson(string customerId = "cust-1", string country = "NO", string sku = "apple", int quantity = 2, decimal unitPrice = 1.25m) =>
        JsonSerializer.Serialize(new
        {
            customerId,
            currency = "EUR",
            items = new[] { new { sku, quantity, unitPrice } },
            shippingAddress = new { line1 = "1 Main St", city = "Oslo", postalCode = "0150", country },
        });

    public Task<HttpResponseMessage> PlaceAsync(string json, string? idempotencyKey = null, string? key = null) =>
        SendAsync(HttpMethod.Post, "/orders", json, key ?? Key, idempotencyKey);

    /// <summary>Places an order that must be accepted and returns its id.</summary>
    public async Task<string> PlaceAcceptedAsync(string json, string? idempotencyKey = null)
    {
        using var response = await PlaceAsync(json, idempotencyKey);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /orders answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? key = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Gateway.Client.SendAsync(request);
    }

    public async Task<JsonElement> GetOrderAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/orders/{id}", key: Key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /orders/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the status API until the order has the status, and returns the order as the API shows it.</summary>
    public Task<JsonElement> WaitForStatusAsync(string id, string status, TimeSpan? timeout = null) =>
        WaitForAsync(id, order => order.GetProperty("status").GetString() == status, $"reach {status}", timeout);

    /// <summary>Polls the status API until the order satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonElement order = default;
        await Eventually.TrueAsync(
            async () => condition(order = await GetOrderAsync(id)),
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"Order {id} did not {what}; last seen: {order}{Environment.NewLine}Orders service output:{Environment.NewLine}{Orders?.Output}");
        return order;
    }

    public static async Task<JsonElement> LedgerAsync(ParticipantService service)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        return await http.GetFromJsonAsync<JsonElement>(new Uri(service.Address, "/_ledger"));
    }

    /// <summary>The history entries as "Name:Kind:Outcome", in order, for compact assertions.</summary>
    public static string[] History(JsonElement order) =>
        [.. order.GetProperty("history").EnumerateArray().Select(static step =>
            $"{step.GetProperty("name").GetString()}:{step.GetProperty("kind").GetString()}:{step.GetProperty("outcome").GetString()}")];

    /// <summary>The CloudEvents types the order's audit trail has recorded, in order, through <c>GET /orders/{id}/events</c>.</summary>
    public async Task<string[]> EventTypesAsync(string orderId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/orders/{orderId}/events", key: Key);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var trail = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. trail.GetProperty("items").EnumerateArray().Select(static e => e.GetProperty("type").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        if (Orders is not null)
        {
            await Orders.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Inventory.DisposeAsync();
        await Payment.DisposeAsync();
        await Shipping.DisposeAsync();
    }
}
