using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serverless.AppHost.Demo.Participants;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Events;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// A real gateway with the order saga enabled, on real Azurite, calling the three real demo participants over loopback,
/// with short retry delays and timeouts so failure paths finish quickly. The saga queues are emptied first, so orders
/// of earlier tests cannot reach this test's participants.
/// </summary>
public sealed class OrderSagaHarness : IAsyncDisposable
{
    public const string Tenant = "contoso";

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
        params (string Key, string? Value)[] settings)
    {
        await ResetQueuesAsync(azurite);
        var harness = new OrderSagaHarness(
            await InventoryService.StartAsync(inventory ?? DefaultInventory, 0, CancellationToken.None),
            await PaymentService.StartAsync(payment ?? new PaymentOptions { DeclinedCustomerIds = ["cust-declined"] }, 0, CancellationToken.None),
            await ShippingService.StartAsync(shipping ?? new ShippingOptions { UnserviceableCountries = ["AQ"] }, 0, CancellationToken.None));
        var all = Settings(azurite, harness.Inventory.Address, harness.Payment.Address, harness.Shipping.Address);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        harness.Gateway = await GatewayTestServer.StartAsync(azurite, all, configure: configure);
        var keys = harness.Gateway.Services.GetRequiredService<ApiKeyManager>();
        harness.Key = (await keys.CreateAsync(Tenant, "standard", ["orders:write", "orders:read"], null, null, CancellationToken.None)).Key;
        harness.OperatorKey = (await keys.CreateAsync("operations", "standard", ["orders:operate"], null, null, CancellationToken.None)).Key;
        return harness;
    }

    public static InventoryOptions DefaultInventory => new() { InitialStock = new Dictionary<string, int> { ["apple"] = 1000, ["pear"] = 1000, ["rare-book"] = 1 } };

    /// <summary>The gateway's settings for the saga: fast retries and polling, so every failure path ends within seconds.</summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, Uri inventory, Uri payment, Uri shipping) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Gateway:Backends:inventory:Destinations:d0"] = inventory.ToString(),
        ["Gateway:Backends:payment:Destinations:d0"] = payment.ToString(),
        ["Gateway:Backends:shipping:Destinations:d0"] = shipping.ToString(),
        ["Gateway:Backends:inventory:Resilience:AttemptTimeout"] = "00:00:02",
        ["Gateway:Backends:payment:Resilience:AttemptTimeout"] = "00:00:02",
        ["Gateway:Backends:shipping:Resilience:AttemptTimeout"] = "00:00:02",
        ["Orders:Enabled"] = "true",
        ["Orders:RetryBaseDelay"] = "00:00:00.050",
        ["Orders:RetryMaxDelay"] = "00:00:00.250",
        ["Orders:MaxStepAttempts"] = "20",
        ["Orders:MaxCompensationAttempts"] = "20",
        ["Orders:StepTimeout"] = "00:00:20",
        ["Orders:SagaTimeout"] = "00:01:00",
        ["Orders:ReminderDelay"] = "00:00:02",

        // Orders other tests left unfinished must not be resumed against this test's participants.
        ["Orders:StuckAfter"] = "7.00:00:00",

        // Saga tests read the saga's events where it puts them; the events tests switch the publisher back on.
        ["AzureWebJobs.OrderEventsPublisher.Disabled"] = "true",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.500",
    };

    /// <summary>Clears the saga's and the event subscriptions' queues, visible and invisible messages alike, so nothing of an earlier test is handled here.</summary>
    public static async Task ResetQueuesAsync(AzuriteFixture azurite)
    {
        string[] queues =
        [
            OrderSagaFunction.QueueName, OrderEvents.QueueName,
            .. ServiceBusTopics.SubscriptionQueues(FunctionCatalog.Default, EventConsumerFunction.Topic),
        ];
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
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
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
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the status API until the order has the status, and returns the order as the API shows it.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string id, string status, TimeSpan? timeout = null)
    {
        JsonElement order = default;
        await Eventually.TrueAsync(
            async () => (order = await GetOrderAsync(id)).GetProperty("status").GetString() == status,
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"Order {id} did not reach {status}; last seen: {order}");
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

    /// <summary>The CloudEvents types on the <c>order-events</c> queue for one order, in queue order (the queue is emptied per harness).</summary>
    public static async Task<string[]> EventTypesAsync(AzuriteFixture azurite, string orderId) =>
        [.. (await Queue(azurite, OrderEvents.QueueName).PeekMessagesAsync(32)).Value
            .Select(static message => JsonDocument.Parse(message.Body.ToString()).RootElement)
            .Where(e => e.GetProperty("subject").GetString() == orderId)
            .Select(static e => e.GetProperty("type").GetString()!)];

    /// <summary>An order as <see cref="PlaceOrderEndpoint"/> would store it, for tests that store orders directly.</summary>
    public static OrderSagaState NewState(int quantity = 1, DateTimeOffset? lastChanged = null, DateTimeOffset? nextAttemptAt = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new OrderSagaState
        {
            OrderId = OrderIds.New(),
            Tenant = Tenant,
            Order = new PlacedOrder("cust-1", "EUR", [new OrderItem("pear", quantity, 0.5m)], new ShippingAddress("1 Main St", "Oslo", "0150", "NO")),
            RequestHash = "stored-by-test",
            CreatedAt = lastChanged ?? now,
            UpdatedAt = lastChanged ?? now,
            NextAttemptAt = nextAttemptAt,
            Deadline = now + TimeSpan.FromMinutes(5),
            Driver = OrderIds.New(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Inventory.DisposeAsync();
        await Payment.DisposeAsync();
        await Shipping.DisposeAsync();
    }
}
