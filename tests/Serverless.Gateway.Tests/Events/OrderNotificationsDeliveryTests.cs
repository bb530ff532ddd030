using System.Net;
using Azure.Data.Tables;
using Serverless.Samples.Participants;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// Deliveries of one event to OrderNotifications as the Functions host makes them (the gateway in FunctionsHost mode,
/// where nothing else consumes the subscription): repeats, concurrent repeats, the crash window between the webhook
/// call and the processed record, and the events and settings that make no call.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderNotificationsDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_same_event_delivered_twice_calls_the_webhook_once()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();
        var placed = state.Next(OrderEventTypes.Placed);

        using (var first = await harness.DeliverAsync(placed))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await harness.DeliverAsync(placed, deliveryCount: 2);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already processed", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notification = Assert.Single(await harness.ReceivedAsync(state.OrderId));
        Assert.Equal($"{state.OrderId}-1", notification.GetProperty("eventId").GetString());
        Assert.False(notification.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_event_take_effect_once_at_the_receiver()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();
        var placed = state.Next(OrderEventTypes.Placed);

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(delivery => harness.DeliverAsync(placed, delivery)));

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        // Deliveries racing past the processed-events check may each call; the Idempotency-Key lets the receiver act once.
        var received = await harness.ReceivedAsync(state.OrderId);
        Assert.Single(received, static n => !n.GetProperty("duplicate").GetBoolean());
        Assert.All(received, n => Assert.Equal($"{state.OrderId}-1", n.GetProperty("idempotencyKey").GetString()));
    }

    [Fact]
    public async Task A_repeat_after_a_crash_before_the_processed_record_reaches_the_receiver_as_a_duplicate_of_the_same_key()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();
        var placed = state.Next(OrderEventTypes.Placed);
        using (var first = await harness.DeliverAsync(placed))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // What a crash between the webhook call and the processed record leaves behind: a call made, no record.
        var table = new TableClient(azurite.ConnectionString, ProcessedEventStore.TableName);
        await table.DeleteEntityAsync(OrderNotifications.Subscription, Uri.EscapeDataString($"{state.OrderId}-1"));
        using (var redelivered = await harness.DeliverAsync(placed, deliveryCount: 2))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        var received = await harness.ReceivedAsync(state.OrderId);
        Assert.Equal([false, true], received.Select(static n => n.GetProperty("duplicate").GetBoolean()));
        Assert.All(received, n => Assert.Equal($"{state.OrderId}-1", n.GetProperty("idempotencyKey").GetString()));
    }

    [Theory]
    [InlineData(OrderEventTypes.NeedsAttention)]
    [InlineData("serverless.orders.refunded")]
    public async Task An_event_orders_are_not_notified_of_is_acknowledged_without_a_call(string type)
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();

        using var response = await harness.DeliverAsync(state.Next(type));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await harness.ReceivedAsync(state.OrderId));
        Assert.True(await harness.IsProcessedAsync($"{state.OrderId}-1"));
    }

    [Theory]
    [InlineData("Events:Notifications:Enabled", "false")]
    [InlineData("Events:Notifications:Backend", "no-such-backend")]
    public async Task Disabled_or_without_a_configured_backend_events_are_acknowledged_without_a_call(string key, string value)
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite, null, (key, value));
        var state = new OrderEventSequence();

        using var response = await harness.DeliverAsync(state.Next(OrderEventTypes.Placed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await harness.ReceivedAsync(state.OrderId));
    }

    [Fact]
    public async Task The_webhook_receives_the_cloud_event_itself_in_structured_mode()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();
        _ = state.Next(OrderEventTypes.Placed); // numbers placed 1, as the saga would
        var completed = state.Next(OrderEventTypes.Completed);

        using var response = await harness.DeliverAsync(completed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notification = Assert.Single(await harness.ReceivedAsync(state.OrderId));
        Assert.Equal(OrderEventTypes.Completed, notification.GetProperty("type").GetString());
        Assert.Equal(2, notification.GetProperty("sequence").GetInt64());
        Assert.Equal($"{state.OrderId}-2", notification.GetProperty("eventId").GetString());
        Assert.Equal(OrderNotifications.ContentType, notification.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_webhook_that_was_down_gets_the_event_on_a_later_delivery()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite, new ParticipantFaults { DownForSeconds = 3600 });
        var state = new OrderEventSequence();
        var placed = state.Next(OrderEventTypes.Placed);
        using (var failed = await harness.DeliverAsync(placed))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        Assert.False(await harness.IsProcessedAsync($"{state.OrderId}-1"));
        harness.Receiver.SetFaults(ParticipantFaults.None);
        using (var retried = await harness.DeliverAsync(placed, deliveryCount: 2))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        var notification = Assert.Single(await harness.ReceivedAsync(state.OrderId));
        Assert.False(notification.GetProperty("duplicate").GetBoolean());
        Assert.True(await harness.IsProcessedAsync($"{state.OrderId}-1"));
    }
}
