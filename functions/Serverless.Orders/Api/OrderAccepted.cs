using Serverless.Orders.Model;

namespace Serverless.Orders.Api;

/// <summary>The <c>202 Accepted</c> body of <c>POST /orders</c> and its commands: where to watch the order and how to act on it.</summary>
public sealed record OrderAccepted(string Id, OrderStatus Status, string StatusUri, string CancelUri, string RetryUri)
{
    public static OrderAccepted For(string id, OrderStatus status) =>
        new(id, status, $"/orders/{id}", $"/orders/{id}/cancel", $"/orders/{id}/retry");
}
