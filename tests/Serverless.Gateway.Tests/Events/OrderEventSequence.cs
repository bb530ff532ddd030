using Serverless.Gateway.Events;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

/// <summary>One order's events as the orders service numbers them: each call makes the order's next event.</summary>
public sealed class OrderEventSequence(string customerId = "cust-1", string tenant = OrderSagaHarness.Tenant, decimal total = 2.50m)
{
    private long _sequence;

    public string OrderId { get; } = Guid.NewGuid().ToString("N");

    public CloudEvent NextEvent(string type, DateTimeOffset? time = null, string? reason = null) =>
        OrderEventDeliveries.Event(OrderId, ++_sequence, type, StatusOf(type), customerId, time ?? DateTimeOffset.UtcNow, tenant, reason, total);

    /// <summary>The next event as a message body.</summary>
    public string Next(string type, DateTimeOffset? time = null, string? reason = null) => OrderEventDeliveries.Json(NextEvent(type, time, reason));

    private static string StatusOf(string type) => type switch
    {
        OrderEventTypes.Placed => "Pending",
        OrderEventTypes.Completed => "Completed",
        OrderEventTypes.Cancelled => "Cancelled",
        OrderEventTypes.NeedsAttention => "NeedsAttention",
        _ => "Running",
    };
}
