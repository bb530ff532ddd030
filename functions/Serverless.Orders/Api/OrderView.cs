using Serverless.Orders.Model;
using Serverless.Orders.Participants;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary>The body of <c>GET /orders/{id}</c>.</summary>
public sealed record OrderView(
    string Id,
    OrderStatus Status,
    SagaStep? Step,
    string? Reason,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextAttemptAt,
    string CustomerId,
    string Currency,
    decimal Total,
    IReadOnlyList<OrderItem> Items,
    IReadOnlyList<StepRecord> History)
{
    public static OrderView From(OrderSnapshot order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (input, state) = (order.Input, order.State);
        return new(input.OrderId, state.Status, state.Current?.Name, state.Reason, state.CancelRequested, input.CreatedAt, state.UpdatedAt,
            state.NextAttemptAt, input.Order.CustomerId, input.Order.Currency, input.Order.Total, input.Order.Items, state.History);
    }
}
