using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.LocalRun;
using Serverless.LocalRun.Apps;
using Serverless.Samples.Participants;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The local run's orders service: the real orders app as a child process from its own build output, with the settings
/// the local run gives it, behind a gateway on the local run's gateway.local.json. Orders placed through the gateway run
/// their saga across the demo participants.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class LocalOrdersServiceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan SagaDeadline = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly List<IAsyncDisposable> _started = [];
    private GatewayTestServer _gateway = null!;
    private AppProcess _orders = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        var inventory = await StartAsync(InventoryService.StartAsync(DemoParticipants.Inventory, 0, _timeout.Token));
        var payment = await StartAsync(PaymentService.StartAsync(DemoParticipants.Payment, 0, _timeout.Token));
        var shipping = await StartAsync(ShippingService.StartAsync(DemoParticipants.Shipping, 0, _timeout.Token));

        var ordersPort = LoopbackPorts.Free();
        (_gateway, _key) = await LocalGateway.StartAsync(azurite, $"http://127.0.0.1:{ordersPort}");
        _started.Add(_gateway);

        var ordersSettings = LocalRunner.OrdersSettings(azurite.ConnectionString, new Uri(_gateway.Address), inventory.Address, payment.Address, shipping.Address);

        // A task hub and event queues of its own, so nothing here meets the run's other tests' orders or events.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        ordersSettings["Orders__TaskHub__Name"] = "LocalRun" + suffix;
        ordersSettings["Orders__Events__Topic"] = "local-run-" + suffix;
        _orders = AppProcess.Start("orders", AppBuildOutput.FindAssembly(AppBuildOutput.Orders), ordersPort, [], ordersSettings);
        _started.Add(_orders);
        await _orders.WaitUntilReadyAsync(_timeout.Token);
    }

    public async Task DisposeAsync()
    {
        // In reverse order of start, as the local run stops them: the orders service before the gateway and its participants.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task An_order_placed_through_the_gateway_completes()
    {
        var id = await PlaceAsync("cust-1");

        var order = await WaitForEndAsync(id);

        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal(["ReserveInventory", "ChargePayment", "CreateShipment"], Steps(order));
    }

    [Fact]
    public async Task A_declined_card_ends_cancelled_with_the_reservation_released()
    {
        var id = await PlaceAsync(DemoParticipants.DeclinedCustomerId);

        var order = await WaitForEndAsync(id);

        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.Equal(["ReserveInventory", "ChargePayment", "ReleaseInventory"], Steps(order));
    }

    [Fact]
    public async Task The_orders_service_refuses_a_request_that_did_not_come_through_the_gateway()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        client.DefaultRequestHeaders.Add(IdentityHeaders.Tenant, "contoso");

        using var response = await client.GetAsync(new Uri(_orders.Address, "/orders/0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<T> StartAsync<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _started.Add(started);
        return started;
    }

    private async Task<string> PlaceAsync(string customerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new
            {
                customerId,
                currency = "EUR",
                items = new[] { new { sku = "apple", quantity = 2, unitPrice = 1.25m } },
                shippingAddress = new { line1 = "1 Main St", city = "Oslo", postalCode = "0150", country = "NO" },
            }),
        };
        request.Headers.Add(IdentityHeaders.ApiKey, _key);
        using var response = await _gateway.Client.SendAsync(request, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> WaitForEndAsync(string id)
    {
        JsonElement order = default;
        await Eventually.TrueAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{id}");
                request.Headers.Add(IdentityHeaders.ApiKey, _key);
                using var response = await _gateway.Client.SendAsync(request, _timeout.Token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Order reads count against the key's plan; a new key on a fleet of the run's other gateways starts
                    // with a share of its budget. Poll as a client should: again after Retry-After.
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), _timeout.Token);
                    return false;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                order = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token)).RootElement.Clone();
                return order.GetProperty("status").GetString() is "Completed" or "Cancelled" or "NeedsAttention";
            },
            SagaDeadline,
            () => $"Order {id} did not end within {SagaDeadline.TotalSeconds:0} s; last seen: {order}");
        return order;
    }

    private static string[] Steps(JsonElement order) =>
        [.. order.GetProperty("history").EnumerateArray().Select(static record => record.GetProperty("name").GetString()!)];
}
