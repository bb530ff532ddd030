using System.Diagnostics;
using System.Text.Json;
using Serverless.Gateway.Events;

namespace Serverless.Gateway.Orders;

/// <summary>
/// The events the saga emits, as CloudEvents on the <c>order-events-outbox</c> queue, from which
/// <see cref="Events.OrderEventsPublisherFunction"/> publishes them to the <c>order-events</c> topic. The id is the order id and the event's
/// sequence, so an event re-sent after a crash carries the same id and consumers drop the duplicate.
/// </summary>
public static class OrderEvents
{
    public const string QueueName = "order-events-outbox";
    public const string Source = "/serverless-gateway/orders";
    public const string Placed = "serverless.orders.placed";
    public const string Completed = "serverless.orders.completed";
    public const string Cancelled = "serverless.orders.cancelled";
    public const string NeedsAttention = "serverless.orders.needs_attention";

    public static OutboxMessage Create(OrderSagaState state, string type, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sequence = ++state.EventSequence;
        var cloudEvent = new CloudEvent
        {
            Id = $"{state.OrderId}-{sequence}",
            Source = Source,
            Type = type,
            Time = now,
            Subject = state.OrderId,
            Sequence = sequence,
            TraceParent = Activity.Current?.Id,
            TraceState = Activity.Current?.TraceStateString,
            Data = JsonSerializer.SerializeToElement(new
            {
                orderId = state.OrderId,
                tenant = state.Tenant,
                status = state.Status,
                reason = state.Reason,
                customerId = state.Order.CustomerId,
                total = state.Order.Total,
                currency = state.Order.Currency,
            }, OrdersJson.Options),
        };
        return new OutboxMessage(QueueName, JsonSerializer.Serialize(cloudEvent), now);
    }
}
