namespace Serverless.Orders.Model;

public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice);
