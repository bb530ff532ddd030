using Azure;

namespace Serverless.Gateway.Events.Projection;

/// <summary>One row of the order read model: the order as its highest-sequence event described it.</summary>
public sealed record ProjectedOrder(
    string Tenant,
    string OrderId,
    string? CustomerId,
    string Status,
    string? Reason,
    decimal? Total,
    string? Currency,
    long LastSequence,
    string LastEventId,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The row's version as read, for If-Match; default for a row not read from storage.</summary>
    public ETag ETag { get; init; }

    public static ProjectedOrder From(CloudEvent cloudEvent, OrderEventData data)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Tenant, data.OrderId, data.CustomerId, data.Status, data.Reason, data.Total, data.Currency,
            cloudEvent.Sequence, cloudEvent.Id, cloudEvent.Time);
    }
}
