using Azure;
using Azure.Data.Tables;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Events;

/// <summary>
/// The ids of events each consumer has processed, in the <c>ProcessedEvents</c> table (partition = consumer, row = event
/// id), with an expiry after which <see cref="PurgeExpiredAsync"/> deletes them.
/// </summary>
public sealed class ProcessedEventStore(StorageClients storage)
{
    public const string TableName = "ProcessedEvents";

    private readonly LazyTable _table = new(storage, TableName);

    public async Task<bool> IsProcessedAsync(string consumer, string eventId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(consumer, Key(eventId), select: ["ExpiresAt"], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    public async Task MarkProcessedAsync(string consumer, string eventId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(consumer, Key(eventId)) { ["ExpiresAt"] = expiresAt }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes expired records, a partition transaction of up to 100 at a time; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var expired = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        var deleted = 0;
        var batch = new List<TableTransactionAction>();
        await foreach (var row in expired)
        {
            if (batch.Count == PartitionTransaction.MaxActions || (batch.Count > 0 && batch[0].Entity.PartitionKey != row.PartitionKey))
            {
                deleted += await DeleteAsync(table, batch, cancellationToken);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        return deleted + await DeleteAsync(table, batch, cancellationToken);
    }

    private static async Task<int> DeleteAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var count = batch.Count;
        try
        {
            await PartitionTransaction.SubmitAsync(table, batch, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
        {
            // Another instance purged some of them first; the rest go next time.
            count = 0;
        }

        batch.Clear();
        return count;
    }

    /// <summary>Event ids are chosen by producers; characters Table Storage forbids in keys are escaped.</summary>
    private static string Key(string eventId) => Uri.EscapeDataString(eventId);
}
