namespace Serverless.Orders.Model;

public sealed record ShippingAddress(string Line1, string City, string PostalCode, string Country);
