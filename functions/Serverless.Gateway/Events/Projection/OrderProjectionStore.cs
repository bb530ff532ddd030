using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Events.Projection;

/// <summary>
/// The order read model in the <c>OrderProjections</c> table: partition = tenant, row = order id, both escaped
/// (<see cref="EventTableKeys"/>). Writes are conditional (insert, or replace with If-Match), so two deliveries racing on
/// one order cannot overwrite each other unseen.
/// </summary>
public sealed class OrderProjectionStore(StorageClients storage)
{
    public const string TableName = "OrderProjections";

    private static readonly string[] SummaryColumns =
        ["PartitionKey", "RowKey", "CustomerId", "Status", "Reason", "Total", "Currency", "LastSequence", "LastEventId", "UpdatedAt", "Tenant", "OrderId"];

    /// <summary>Oldest update first, then by order id, so equal times still sort the same way every time.</summary>
    private static readonly Comparer<ProjectedOrder> OldestFirst = Comparer<ProjectedOrder>.Create(static (a, b) =>
        a.UpdatedAt != b.UpdatedAt ? a.UpdatedAt.CompareTo(b.UpdatedAt) : string.CompareOrdinal(a.OrderId, b.OrderId));

    private readonly LazyTable _table = new(storage, TableName);

    public async Task<ProjectedOrder?> GetAsync(string tenant, string orderId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Key(tenant), Key(orderId), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Adds the order's first row; false when a row exists already (another delivery got there first).</summary>
    public async Task<bool> TryInsertAsync(ProjectedOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(order), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the row if it is still the version read; false when it changed or vanished since.</summary>
    public async Task<bool> TryReplaceAsync(ProjectedOrder order, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(order), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is StatusCodes.Status412PreconditionFailed or StatusCodes.Status404NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// A customer's orders in one tenant, most recently updated first, at most <paramref name="max"/>; the flag says
    /// whether more matched. The customer is a filter within the tenant's partition, so the cost grows with the tenant's
    /// orders; only the newest <paramref name="max"/> are held in memory however many match.
    /// </summary>
    public async Task<(IReadOnlyList<ProjectedOrder> Orders, bool Truncated)> FindByCustomerAsync(
        string tenant, string customerId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (EventTableKeys.TryEscape(tenant) is not { } partition)
        {
            // A caller's tenant comes from its key or token and may be longer than any projected order's (those are refused).
            return ([], false);
        }

        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and CustomerId eq {customerId}");

        // A min-heap of the newest so far: the oldest kept is the first to go when a newer one arrives.
        var newest = new PriorityQueue<ProjectedOrder, ProjectedOrder>(max + 1, OldestFirst);
        var matched = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: SummaryColumns, cancellationToken: cancellationToken))
        {
            var order = FromEntity(row);
            newest.Enqueue(order, order);
            if (++matched > max)
            {
                newest.Dequeue();
            }
        }

        var orders = new List<ProjectedOrder>(newest.Count);
        while (newest.Count > 0)
        {
            orders.Add(newest.Dequeue());
        }

        orders.Reverse();
        return (orders, matched > max);
    }

    private ValueTask<TableClient> TableAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    /// <summary>Callers validate with <see cref="EventTableKeys.TryEscape"/> first; a value that slipped through fails loudly.</summary>
    private static string Key(string value) =>
        EventTableKeys.TryEscape(value) ?? throw new ArgumentException("The value is too long to be a storage key.", nameof(value));

    // The tenant and order id are also stored as written: the keys are escaped and not meant to be read back.
    private static TableEntity ToEntity(ProjectedOrder order) => new(Key(order.Tenant), Key(order.OrderId))
    {
        ["Tenant"] = order.Tenant,
        ["OrderId"] = order.OrderId,
        ["CustomerId"] = order.CustomerId,
        ["Status"] = order.Status,
        ["Reason"] = order.Reason,

        // As text: Table Storage has no decimal type, and a double would change amounts such as 0.1.
        ["Total"] = order.Total?.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = order.Currency,
        ["LastSequence"] = order.LastSequence,
        ["LastEventId"] = order.LastEventId,
        ["UpdatedAt"] = order.UpdatedAt,
    };

    private static ProjectedOrder FromEntity(TableEntity entity) => new(
        entity.GetString("Tenant"),
        entity.GetString("OrderId"),
        entity.GetString("CustomerId"),
        entity.GetString("Status"),
        entity.GetString("Reason"),
        decimal.TryParse(entity.GetString("Total"), NumberStyles.Number, CultureInfo.InvariantCulture, out var total) ? total : null,
        entity.GetString("Currency"),
        entity.GetInt64("LastSequence") ?? 0,
        entity.GetString("LastEventId"),
        entity.GetDateTimeOffset("UpdatedAt") ?? default)
    {
        ETag = entity.ETag,
    };
}
