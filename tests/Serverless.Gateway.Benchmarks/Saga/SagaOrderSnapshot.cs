using Serverless.Gateway.Orders;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>What <c>GET /orders/{id}</c> showed of an order: its status and the gateway's own timestamps.</summary>
public sealed record SagaOrderSnapshot(OrderStatus Status, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public bool IsTerminal => Status is OrderStatus.Completed or OrderStatus.Cancelled or OrderStatus.NeedsAttention;
}
