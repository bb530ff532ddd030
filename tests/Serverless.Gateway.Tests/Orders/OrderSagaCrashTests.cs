using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.AppHost.Demo.Participants;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The gateway as a real process, killed with SIGKILL at random moments while orders are placed and run, then restarted.
/// Clients retry with their Idempotency-Key, as they should when a request fails without an answer.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaCrashTests(AzuriteFixture azurite)
{
    private const int OrderCount = 50;
    private const int Kills = 4;
    private const int InitialApples = 1000;

    private volatile GatewayChildProcess? _gateway;

    [Fact]
    public async Task Killing_the_gateway_at_random_moments_loses_no_order_charges_none_twice_and_balances_stock()
    {
        await OrderSagaHarness.ResetQueuesAsync(azurite);
        var slow = new ParticipantFaults { LatencyMs = 40 };
        await using var inventory = await InventoryService.StartAsync(new InventoryOptions { InitialStock = new Dictionary<string, int> { ["apple"] = InitialApples }, Faults = slow }, 0, CancellationToken.None);
        await using var payment = await PaymentService.StartAsync(new PaymentOptions { DeclinedCustomerIds = ["cust-declined"], Faults = slow }, 0, CancellationToken.None);
        await using var shipping = await ShippingService.StartAsync(new ShippingOptions { UnserviceableCountries = ["AQ"], Faults = slow }, 0, CancellationToken.None);
        var settings = OrderSagaHarness.Settings(azurite, inventory.Address, payment.Address, shipping.Address);
        settings["Functions:Triggers:MessageLease"] = "00:00:03";
        settings["HeartbeatSchedule"] = "0 0 0 1 1 *";
        settings["Logging:LogLevel:Default"] = "Warning";
        var key = await CreateKeyAsync(settings);

        var run = Guid.NewGuid().ToString("N")[..8];
        var orders = Enumerable.Range(0, OrderCount).Select(i => new PlannedOrder($"crash-{run}-{i}", i % 10 == 3 ? "cust-declined" : "cust-ok", i % 10 == 7 ? "AQ" : "NO", 1 + (i % 3))).ToList();

        var random = new Random(20261123);
        _gateway = await StartGatewayAsync(settings);
        var inFlightAtKills = new List<int>();
        try
        {
            var placing = Task.WhenAll(orders.Select(order => PlaceUntilAcceptedAsync(order, key, TimeSpan.FromMilliseconds(random.Next(0, 4000)))));
            for (var kill = 0; kill < Kills; kill++)
            {
                await Task.Delay(random.Next(300, 1500));
                inFlightAtKills.Add(await CountUnfinishedSagasAsync());
                await _gateway.DisposeAsync();
                _gateway = await StartGatewayAsync(settings);
            }

            await placing;
            await Eventually.TrueAsync(
                async () => (await Task.WhenAll(orders.Select(order => StatusAsync(order, key)))).All(static status => status is "Completed" or "Cancelled"),
                TimeSpan.FromMinutes(3),
                () => "Not every order reached Completed or Cancelled after the kills.");
        }
        finally
        {
            await _gateway.DisposeAsync();
        }

        Assert.True(inFlightAtKills.Sum() > 0, $"No kill hit an order in flight ({string.Join(", ", inFlightAtKills)}), so the test proved nothing.");
        foreach (var order in orders)
        {
            Assert.Equal(order.Expected, order.FinalStatus);
        }

        var completed = orders.Where(static order => order.FinalStatus == "Completed").Select(static order => order.Id!).ToHashSet();
        var all = orders.Select(static order => order.Id!).ToHashSet();

        var charges = (await OrderSagaHarness.LedgerAsync(payment)).GetProperty("charges").EnumerateArray().ToList();
        var refunds = (await OrderSagaHarness.LedgerAsync(payment)).GetProperty("refunds").EnumerateArray().ToList();
        var shipments = (await OrderSagaHarness.LedgerAsync(shipping)).GetProperty("shipments").EnumerateArray().ToList();
        var inventoryLedger = await OrderSagaHarness.LedgerAsync(inventory);

        Assert.All(charges.GroupBy(static c => c.GetProperty("orderId").GetString()), group => Assert.Single(group));
        foreach (var charge in charges)
        {
            var orderId = charge.GetProperty("orderId").GetString()!;
            Assert.Contains(orderId, all);
            var refunded = refunds.Count(r => r.GetProperty("chargeId").GetString() == charge.GetProperty("chargeId").GetString());
            var shipped = shipments.Count(s => s.GetProperty("orderId").GetString() == orderId && s.GetProperty("status").GetString() == "created");
            Assert.True(refunded + shipped == 1, $"Charge of order {orderId} has {refunded} refunds and {shipped} live shipments; exactly one of them must match it.");
            Assert.Equal(completed.Contains(orderId) ? 1 : 0, shipped);
        }

        Assert.All(completed, id => Assert.Contains(charges, c => c.GetProperty("orderId").GetString() == id));
        Assert.All(shipments.GroupBy(static s => s.GetProperty("orderId").GetString()), group => Assert.Single(group));

        var reservations = inventoryLedger.GetProperty("reservations").EnumerateArray().ToList();
        Assert.All(reservations.GroupBy(static r => r.GetProperty("orderId").GetString()), group => Assert.Single(group));
        foreach (var reservation in reservations)
        {
            var held = reservation.GetProperty("status").GetString() == "held";
            Assert.Equal(completed.Contains(reservation.GetProperty("orderId").GetString()!), held);
        }

        var sold = orders.Where(static order => order.FinalStatus == "Completed").Sum(static order => order.Quantity);
        Assert.Equal(InitialApples - sold, inventoryLedger.GetProperty("stock").GetProperty("apple").GetInt32());
    }

    private async Task PlaceUntilAcceptedAsync(PlannedOrder order, string key, TimeSpan delay)
    {
        await Task.Delay(delay);
        var body = OrderSagaHarness.OrderJson(customerId: order.CustomerId, country: order.Country, quantity: order.Quantity);
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("X-Api-Key", key);
                    request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
                    using var response = await _gateway!.Client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        return false;
                    }

                    order.Id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                    return true;
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or ObjectDisposedException)
                {
                    // The gateway died under the request; a client retries with the same key.
                    await Task.Delay(100);
                    return false;
                }
            },
            TimeSpan.FromMinutes(2),
            $"Order {order.IdempotencyKey} was never accepted.");
    }

    private async Task<string?> StatusAsync(PlannedOrder order, string key)
    {
        if (order.FinalStatus is "Completed" or "Cancelled")
        {
            return order.FinalStatus;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{order.Id}");
            request.Headers.Add("X-Api-Key", key);
            using var response = await _gateway!.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            order.FinalStatus = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            return order.FinalStatus;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<int> CountUnfinishedSagasAsync()
    {
        var table = new TableClient(azurite.ConnectionString, OrderSagaStore.TableName);
        var unfinished = 0;
        await foreach (var saga in table.QueryAsync<TableEntity>(e => e.RowKey == OrderSagaStore.SagaRowKey, select: ["Status"]))
        {
            unfinished += saga.GetString("Status") is "Pending" or "Running" or "Compensating" ? 1 : 0;
        }

        return unfinished;
    }

    private static async Task<GatewayChildProcess> StartGatewayAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var gateway = GatewayChildProcess.Start(settings);
        await gateway.WaitUntilListeningAsync();
        return gateway;
    }

    private static async Task<string> CreateKeyAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var app = GatewayTestServer.Build(settings);
        var keys = app.Services.GetRequiredService<ApiKeyManager>();
        return (await keys.CreateAsync(OrderSagaHarness.Tenant, "standard", ["orders:write", "orders:read"], null, null, CancellationToken.None)).Key;
    }

    private sealed class PlannedOrder(string idempotencyKey, string customerId, string country, int quantity)
    {
        public string IdempotencyKey { get; } = idempotencyKey;

        public string CustomerId { get; } = customerId;

        public string Country { get; } = country;

        public int Quantity { get; } = quantity;

        public string? Id { get; set; }

        public string? FinalStatus { get; set; }

        public string Expected => CustomerId == "cust-declined" || Country == "AQ" ? "Cancelled" : "Completed";
    }
}
