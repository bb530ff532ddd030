using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Samples.Participants;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The orders service as a real process, killed with SIGKILL at random moments while orders are placed and run, then
/// restarted on the same task hub. The gateway in front of it stays up; clients retry with their Idempotency-Key, as
/// they should when a request fails without an answer (the gateway answers 502/503 while the service is down).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaCrashTests(AzuriteFixture azurite)
{
    private const int OrderCount = 50;
    private const int Kills = 4;
    private const int InitialApples = 1000;

    private volatile AppChildProcess? _orders;
    private OrderSagaHarness _saga = null!;

    [Fact]
    public async Task Killing_the_orders_service_at_random_moments_loses_no_order_charges_none_twice_and_balances_stock()
    {
        var slow = new ParticipantFaults { LatencyMs = 40 };
        await using var saga = await OrderSagaHarness.StartAsync(azurite,
            new InventoryOptions { InitialStock = new Dictionary<string, int> { ["apple"] = InitialApples }, Faults = slow },
            new PaymentOptions { DeclinedCustomerIds = ["cust-declined"], Faults = slow },
            new ShippingOptions { UnserviceableCountries = ["AQ"], Faults = slow },

            // A killed process leaves the messages it had dequeued hidden until these run out: short, so the test does not
            // wait Durable Functions' five minutes for them, yet far longer than any activity (two-second attempts) takes.
            ("Orders:TaskHub:ControlQueueVisibilityTimeout", "00:00:15"),
            ("Orders:TaskHub:WorkItemQueueVisibilityTimeout", "00:00:30"),

            // A step caught by a kill waits out those 30 s and a restart: with the harness's 20 s step timeout it could end
            // step_timeout instead of Completed, depending on how the kills fall. Timeouts have tests of their own.
            ("Orders:StepTimeout", "00:05:00"),
            ("Orders:SagaTimeout", "00:10:00"));
        _saga = saga;
        _orders = saga.Orders;
        var (inventory, payment, shipping) = (saga.Inventory, saga.Payment, saga.Shipping);
        var key = saga.Key;

        var run = Guid.NewGuid().ToString("N")[..8];
        var orders = Enumerable.Range(0, OrderCount).Select(i => new PlannedOrder($"crash-{run}-{i}", i % 10 == 3 ? "cust-declined" : "cust-ok", i % 10 == 7 ? "AQ" : "NO", 1 + (i % 3))).ToList();

        var random = new Random(20261205);
        var inFlightAtKills = new List<int>();
        try
        {
            var placing = Task.WhenAll(orders.Select(order => PlaceUntilAcceptedAsync(order, key, TimeSpan.FromMilliseconds(random.Next(0, 4000)))));
            for (var kill = 0; kill < Kills; kill++)
            {
                // A kill at a moment picked on the wall clock alone could land while a loaded machine has not accepted an
                // order yet, or after every order ended: each kill waits for sagas in flight, then strikes at random.
                var inFlight = await WaitForSagasInFlightAsync(placing);
                if (inFlight == 0)
                {
                    break;
                }

                await Task.Delay(random.Next(0, 300));
                inFlightAtKills.Add(inFlight);
                await _orders!.DisposeAsync();
                _orders = await saga.RestartOrdersAsync();
            }

            await placing;
            await Eventually.TrueAsync(
                async () => (await Task.WhenAll(orders.Select(order => StatusAsync(order, key)))).All(static status => status is "Completed" or "Cancelled"),
                TimeSpan.FromMinutes(4),
                () => $"Not every order reached Completed or Cancelled after the kills: {string.Join(", ", orders.Where(static o => o.FinalStatus is not ("Completed" or "Cancelled")).Select(static o => $"{o.Id} {o.FinalStatus ?? o.LastAnswer}"))}{Environment.NewLine}{_orders?.Output}");
        }
        finally
        {
            await _orders!.DisposeAsync();
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
                    using var response = await _saga.Gateway.Client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        return false;
                    }

                    order.Id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                    return true;
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or ObjectDisposedException)
                {
                    // The request failed without an answer; a client retries with the same key.
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
            using var response = await _saga.Gateway.Client.SendAsync(request);
            order.LastAnswer = $"HTTP {(int)response.StatusCode}";
            response.EnsureSuccessStatusCode();
            order.FinalStatus = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            return order.FinalStatus;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until some saga is running and returns how many are; 0 once every order was placed and none is left running.
    /// </summary>
    private async Task<int> WaitForSagasInFlightAsync(Task placing)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var placed = placing.IsCompleted;
            var unfinished = await CountUnfinishedSagasAsync();
            if (unfinished > 0 || placed)
            {
                return unfinished;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Orchestrations not yet finished, from the task hub's instances table.</summary>
    private async Task<int> CountUnfinishedSagasAsync()
    {
        var table = new TableClient(azurite.ConnectionString, $"{_saga.TaskHub}Instances");
        var unfinished = 0;
        try
        {
            await foreach (var instance in table.QueryAsync<TableEntity>(select: ["RuntimeStatus", "CustomStatus"]))
            {
                unfinished += instance.GetString("RuntimeStatus") is "Pending" or "Running" && instance.GetString("CustomStatus")?.Contains("NeedsAttention", StringComparison.Ordinal) != true ? 1 : 0;
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.NotFound)
        {
            // The task hub creates its tables when the service first starts; none yet means no saga yet.
        }

        return unfinished;
    }

    private sealed class PlannedOrder(string idempotencyKey, string customerId, string country, int quantity)
    {
        public string IdempotencyKey { get; } = idempotencyKey;

        public string CustomerId { get; } = customerId;

        public string Country { get; } = country;

        public int Quantity { get; } = quantity;

        public string? Id { get; set; }

        public string? FinalStatus { get; set; }

        public string? LastAnswer { get; set; }

        public string Expected => CustomerId == "cust-declined" || Country == "AQ" ? "Cancelled" : "Completed";
    }
}
