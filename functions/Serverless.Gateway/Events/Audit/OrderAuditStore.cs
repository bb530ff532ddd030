using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Events.Audit;

/// <summary>
/// The append-only <c>OrderAudit</c> table: partition = order id, row = sequence (19 digits, so rows sort by it) and
/// event id, both escaped (<see cref="EventTableKeys"/>). Rows are only ever added, never changed.
/// </summary>
public sealed class OrderAuditStore(StorageClients storage)
{
    public const string TableName = "OrderAudit";

    /// <summary>Table Storage holds at most 64 KiB in one string property, that is 32,768 UTF-16 characters.</summary>
    public const int MaxEventLength = 32 * 1024;

    private readonly LazyTable _table = new(storage, TableName);

    /// <summary>The row key of an event, or null when its id cannot be part of a key.</summary>
    public static string? RowKey(long sequence, string eventId) =>
        EventTableKeys.TryEscape(eventId) is { } id ? sequence.ToString("D19", CultureInfo.InvariantCulture) + "-" + id : null;

    /// <summary>Adds the entry; false when it is recorded already (the same event, delivered again).</summary>
    public async Task<bool> TryAppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(entry), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    /// <summary>An order's entries in sequence order, at most <paramref name="max"/>; the flag says whether more exist.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, bool Truncated)> ReadAsync(string orderId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var table = await TableAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Key(orderId)}"), cancellationToken: cancellationToken))
        {
            if (entries.Count == max)
            {
                return (entries, true);
            }

            entries.Add(FromEntity(row));
        }

        return (entries, false);
    }

    private ValueTask<TableClient> TableAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    /// <summary>Callers validate with <see cref="EventTableKeys.TryEscape"/> first; a value that slipped through fails loudly.</summary>
    private static string Key(string value) =>
        EventTableKeys.TryEscape(value) ?? throw new ArgumentException("The value is too long to be a storage key.", nameof(value));

    private static TableEntity ToEntity(AuditEntry entry) =>
        new(Key(entry.OrderId), RowKey(entry.Sequence, entry.EventId) ?? throw new ArgumentException("The event id is too long to be a storage key.", nameof(entry)))
        {
            ["OrderId"] = entry.OrderId,
            ["Sequence"] = entry.Sequence,
            ["EventId"] = entry.EventId,
            ["Type"] = entry.Type,
            ["Source"] = entry.Source,
            ["Time"] = entry.Time,
            ["Tenant"] = entry.Tenant,
            ["Status"] = entry.Status,
            ["Reason"] = entry.Reason,
            ["Event"] = entry.Event,
            ["RecordedAt"] = entry.RecordedAt,
        };

    private static AuditEntry FromEntity(TableEntity entity) => new(
        entity.GetString("OrderId"),
        entity.GetInt64("Sequence") ?? 0,
        entity.GetString("EventId"),
        entity.GetString("Type"),
        entity.GetString("Source"),
        entity.GetDateTimeOffset("Time") ?? default,
        entity.GetString("Tenant"),
        entity.GetString("Status"),
        entity.GetString("Reason"),
        entity.GetString("Event"),
        entity.GetDateTimeOffset("RecordedAt") ?? default);
}
