namespace Serverless.Orders.Model;

/// <summary>An order as validated and stored: what the saga's steps send to the participants.</summary>
public sealed record PlacedOrder(string CustomerId, string Currency, IReadOnlyList<OrderItem> Items, ShippingAddress ShippingAddress)
{
    public decimal Total => Items.Sum(static item => item.Quantity * item.UnitPrice);
}
