namespace Serverless.Gateway.Events.Audit;

/// <summary>One recorded event of an order, as the audit table holds it; <see cref="Event"/> is the whole envelope as JSON.</summary>
public sealed record AuditEntry(
    string OrderId,
    long Sequence,
    string EventId,
    string Type,
    string Source,
    DateTimeOffset Time,
    string Tenant,
    string Status,
    string? Reason,
    string Event,
    DateTimeOffset RecordedAt);
