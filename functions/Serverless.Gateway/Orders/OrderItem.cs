namespace Serverless.Gateway.Orders;

public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice);
