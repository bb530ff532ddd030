namespace Serverless.Gateway.Events.Projection;

/// <summary>
/// The body of <c>GET /orders?customerId=...</c>: the customer's orders, most recently updated first, at most
/// <see cref="OrderProjectionQueryEndpoint.MaxItems"/>; <see cref="Truncated"/> says that older ones were left out.
/// </summary>
public sealed record OrderSummaryList(string CustomerId, IReadOnlyList<OrderSummary> Items, bool Truncated);
