using Serverless.Gateway.Events;
using System.Text.Json;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// Standalone, on real Azurite: the saga's events go through the publisher, the topic's notifications queue and the
/// OrderNotifications function to the demo webhook receiver, each exactly once.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderNotificationsEndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_completed_order_notifies_placed_then_completed_each_exactly_once()
    {
        await using var harness = await NotificationsHarness.StartAsync(azurite);
        var id = await harness.Saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        await harness.Saga.WaitForStatusAsync(id, "Completed");

        var received = await WaitForAllProcessedAsync(harness, id, 2);

        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Completed], received.Select(static n => n.GetProperty("type").GetString()));
        AssertDeliveredOnceEach(received, id);
    }

    [Fact]
    public async Task A_declined_order_notifies_placed_then_cancelled_each_exactly_once()
    {
        await using var harness = await NotificationsHarness.StartAsync(azurite);
        var id = await harness.Saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-declined"));
        await harness.Saga.WaitForStatusAsync(id, "Cancelled");

        var received = await WaitForAllProcessedAsync(harness, id, 2);

        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Cancelled], received.Select(static n => n.GetProperty("type").GetString()));
        AssertDeliveredOnceEach(received, id);
    }

    /// <summary>
    /// Waits until the function has recorded every event of the order as processed, after which no delivery of them
    /// can reach the webhook again, and returns what the receiver got.
    /// </summary>
    private static async Task<JsonElement[]> WaitForAllProcessedAsync(NotificationsHarness harness, string orderId, int events)
    {
        var ids = Enumerable.Range(1, events).Select(sequence => $"{orderId}-{sequence}").ToArray();
        JsonElement[] received = [];
        await Eventually.TrueAsync(
            async () => (received = await harness.ReceivedAsync(orderId)).Length >= events && await AllAsync(ids, harness.IsProcessedAsync),
            TimeSpan.FromSeconds(60), () => $"Order {orderId}: the webhook received {received.Length} of {events} notifications.");

        // In the saga's order, whatever order they arrived in: the receiver orders by the sequence in the envelope.
        return [.. (await harness.ReceivedAsync(orderId)).OrderBy(static n => n.GetProperty("sequence").GetInt64())];
    }

    private static void AssertDeliveredOnceEach(JsonElement[] received, string orderId)
    {
        Assert.Equal(2, received.Length);
        Assert.Equal([$"{orderId}-1", $"{orderId}-2"], received.Select(static n => n.GetProperty("eventId").GetString()));
        Assert.All(received, notification =>
        {
            Assert.False(notification.GetProperty("duplicate").GetBoolean());
            Assert.Equal(notification.GetProperty("eventId").GetString(), notification.GetProperty("idempotencyKey").GetString());
            Assert.Equal(OrderNotifications.ContentType, notification.GetProperty("contentType").GetString());
            Assert.Equal(orderId, notification.GetProperty("subject").GetString());
        });
    }

    private static async Task<bool> AllAsync(IEnumerable<string> items, Func<string, Task<bool>> predicate)
    {
        foreach (var item in items)
        {
            if (!await predicate(item))
            {
                return false;
            }
        }

        return true;
    }
}
