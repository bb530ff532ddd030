namespace Serverless.Gateway.Events.Projection;

/// <summary>One order in <c>GET /orders?customerId=...</c>: its state as of the event numbered <see cref="Sequence"/>, sent at <see cref="UpdatedAt"/>.</summary>
public sealed record OrderSummary(
    string Id,
    string? CustomerId,
    string Status,
    string? Reason,
    decimal? Total,
    string? Currency,
    DateTimeOffset UpdatedAt,
    long Sequence)
{
    public static OrderSummary From(ProjectedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.OrderId, order.CustomerId, order.Status, order.Reason, order.Total, order.Currency, order.UpdatedAt, order.LastSequence);
    }
}
