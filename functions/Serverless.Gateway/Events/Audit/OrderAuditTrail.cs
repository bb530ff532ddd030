namespace Serverless.Gateway.Events.Audit;

/// <summary>
/// The body of <c>GET /orders/{id}/events</c>: the order's events in sequence order, at most
/// <see cref="OrderAuditQueryEndpoint.MaxItems"/>; <see cref="Truncated"/> says that later ones were left out.
/// </summary>
public sealed record OrderAuditTrail(string OrderId, IReadOnlyList<AuditedEvent> Items, bool Truncated);
