namespace Serverless.Gateway.Events.Audit;

/// <summary>One event in <c>GET /orders/{id}/events</c>: what happened (type, resulting status, reason), when it was sent and when recorded.</summary>
public sealed record AuditedEvent(
    string Id,
    string Type,
    string Source,
    long Sequence,
    DateTimeOffset Time,
    string Status,
    string? Reason,
    DateTimeOffset RecordedAt)
{
    public static AuditedEvent From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.EventId, entry.Type, entry.Source, entry.Sequence, entry.Time, entry.Status, entry.Reason, entry.RecordedAt);
    }
}
