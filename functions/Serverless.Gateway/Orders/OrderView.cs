namespace Serverless.Gateway.Orders;

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
    public static OrderView From(OrderSagaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.OrderId, state.Status, state.Current?.Name, state.Reason, state.CancelRequested, state.CreatedAt, state.UpdatedAt,
            state.NextAttemptAt, state.Order.CustomerId, state.Order.Currency, state.Order.Total, state.Order.Items, state.History);
    }
}
