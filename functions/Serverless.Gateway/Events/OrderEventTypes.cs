namespace Serverless.Gateway.Events;

/// <summary>The CloudEvents types the orders service publishes on the <c>order-events</c> topic.</summary>
public static class OrderEventTypes
{
    public const string Placed = "serverless.orders.placed";
    public const string Completed = "serverless.orders.completed";
    public const string Cancelled = "serverless.orders.cancelled";
    public const string NeedsAttention = "serverless.orders.needs_attention";
}
