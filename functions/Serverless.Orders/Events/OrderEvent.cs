using Serverless.Orders.Model;

namespace Serverless.Orders.Events;

/// <summary>
/// One event of an order's saga, as the orchestrator decides it: everything here is fixed by the orchestration's
/// history (sequence, time), so an activity that runs twice sends the same event with the same id.
/// </summary>
public sealed record OrderEvent(
    string OrderId,
    string Tenant,
    string Type,
    long Sequence,
    DateTimeOffset Time,
    OrderStatus Status,
    string? Reason,
    string CustomerId,
    decimal Total,
    string Currency,
    DateTimeOffset PlacedAt,
    string? TraceParent)
{
    public const string Source = "/serverless-gateway/orders";
    public const string Placed = "serverless.orders.placed";
    public const string Completed = "serverless.orders.completed";
    public const string Cancelled = "serverless.orders.cancelled";
    public const string NeedsAttention = "serverless.orders.needs_attention";

    /// <summary>Whether the event ends the saga (for now: NeedsAttention waits for an operator).</summary>
    public bool IsOutcome => Type is Completed or Cancelled or NeedsAttention;

    /// <summary>The CloudEvents id: the order and the event's sequence, the same on every send of this event.</summary>
    public string Id => $"{OrderId}-{Sequence}";
}
