using Serverless.Gateway.Events;
using System.Text.Json;
using Serverless.Samples.Participants;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;
using static Serverless.Gateway.Tests.Events.OrderEventDeliveries;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// The whole path in standalone mode on real Azurite: the saga's events go through the publisher onto the topic (its
/// subscription queues) and the projection and audit functions consume them from there, so the order shows up in
/// <c>GET /orders?customerId=...</c> and <c>GET /orders/{id}/events</c>.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderEventConsumersEndToEndTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_completed_order_is_listed_for_its_customer_as_completed_at_sequence_2_with_placed_then_completed_in_its_trail()
    {
        var customerId = NewCustomerId();
        await using var saga = await StartWithPublisherAsync();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: customerId, quantity: 3, unitPrice: 1.25m));
        await saga.WaitForStatusAsync(id, "Completed");

        var order = await WaitForListedAsync(saga, customerId, id, "Completed");
        Assert.Equal(2, order.GetProperty("sequence").GetInt64());
        Assert.Equal(customerId, order.GetProperty("customerId").GetString());
        Assert.Equal(3.75m, order.GetProperty("total").GetDecimal());
        Assert.Equal("EUR", order.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("reason").ValueKind);

        var trail = await WaitForTrailAsync(saga, id, 2);
        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Completed], trail.Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal(["Pending", "Completed"], trail.Select(static e => e.GetProperty("status").GetString()));
        Assert.Equal([$"{id}-1", $"{id}-2"], trail.Select(static e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_declined_order_is_listed_as_cancelled_with_the_reason_card_declined()
    {
        var customerId = NewCustomerId();
        await using var saga = await StartWithPublisherAsync(new PaymentOptions { DeclinedCustomerIds = [customerId] });
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: customerId));
        await saga.WaitForStatusAsync(id, "Cancelled");

        var order = await WaitForListedAsync(saga, customerId, id, "Cancelled");
        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.Equal(2, order.GetProperty("sequence").GetInt64());

        var trail = await WaitForTrailAsync(saga, id, 2);
        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Cancelled], trail.Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal("card_declined", trail[1].GetProperty("reason").GetString());
    }

    /// <summary>The saga harness with the publisher switched on, so its events flow to the subscription queues.</summary>
    private Task<OrderSagaHarness> StartWithPublisherAsync(PaymentOptions? payment = null) =>
        OrderSagaHarness.StartAsync(azurite, payment: payment);

    private static async Task<JsonElement> WaitForListedAsync(OrderSagaHarness saga, string customerId, string id, string status)
    {
        JsonElement list = default;
        JsonElement? order = null;
        await Eventually.TrueAsync(
            async () =>
            {
                list = await ListAsync(saga, customerId);
                order = list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() == id).Cast<JsonElement?>().FirstOrDefault();
                return order?.GetProperty("status").GetString() == status;
            },
            Timeout, () => $"Order {id} was not listed as {status}; last list: {list}");
        Assert.Single(list.GetProperty("items").EnumerateArray());
        return order!.Value;
    }

    private static async Task<List<JsonElement>> WaitForTrailAsync(OrderSagaHarness saga, string id, int count)
    {
        List<JsonElement> items = [];
        await Eventually.TrueAsync(
            async () => (items = [.. (await TrailAsync(saga, id)).GetProperty("items").EnumerateArray()]).Count >= count,
            Timeout, () => $"The trail of order {id} holds {items.Count} event(s), not {count}.");
        Assert.Equal(count, items.Count);
        return items;
    }
}
