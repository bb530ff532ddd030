using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

/// <summary><see cref="IRateLimitStore"/> on Azure Table Storage (the <c>AzureWebJobsStorage</c> account), creating the table on first write.</summary>
public sealed class TableRateLimitStore : IRateLimitStore
{
    private static readonly string[] Columns =
        ["PartitionKey", "RowKey", nameof(ShardRow.Period), nameof(ShardRow.Admitted), nameof(ShardRow.Reserved), nameof(ShardRow.NextReserved),
            nameof(ShardRow.Demand), nameof(ShardRow.Weight), nameof(ShardRow.PreviousAdmitted), nameof(ShardRow.LeaseUntil)];

    private readonly Lazy<TableClient> _table;
    private volatile bool _tableExists;

    public TableRateLimitStore(IServiceProvider services, IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = options.Value.Table;

        // Resolved on first use, so a gateway without storage configured starts, and fails open or closed on first sync.
        _table = new Lazy<TableClient>(() => services.GetRequiredService<StorageClients>().Tables.GetTableClient(table));
    }

    public Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken);

    public Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromRowKey} and RowKey lt {toRowKey}"), cancellationToken);

    public async Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var actions = rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(row))).ToList();
        if (actions.Count > 0 && !string.Equals(actions[0].Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Rows are in partition '{actions[0].Entity.PartitionKey}', not '{partitionKey}'.", nameof(rows));
        }

        if (!_tableExists)
        {
            await _table.Value.CreateIfNotExistsAsync(cancellationToken);
            _tableExists = true;
        }

        try
        {
            await PartitionTransaction.SubmitAsync(_table.Value, actions, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The table was deleted (or storage was reset): create it again on the next write.
            _tableExists = false;
            throw;
        }
    }

    public async Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            await _table.Value.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag is null ? ETag.All : new ETag(row.ETag), cancellationToken)
                ;
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<ShardRow>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<ShardRow>();
        try
        {
            await foreach (var entity in _table.Value.QueryAsync<TableEntity>(filter, maxPerPage: 1000, Columns, cancellationToken))
            {
                rows.Add(FromEntity(entity));
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No table yet means no instance has written: nothing to read.
            _tableExists = false;
        }

        return rows;
    }

    private static TableEntity ToEntity(ShardRow row) => new(row.PartitionKey, row.RowKey)
    {
        [nameof(ShardRow.Period)] = row.Period,
        [nameof(ShardRow.Admitted)] = row.Admitted,
        [nameof(ShardRow.Reserved)] = row.Reserved,
        [nameof(ShardRow.NextReserved)] = row.NextReserved,
        [nameof(ShardRow.Demand)] = row.Demand,
        [nameof(ShardRow.Weight)] = row.Weight,
        [nameof(ShardRow.PreviousAdmitted)] = row.PreviousAdmitted,
        [nameof(ShardRow.LeaseUntil)] = row.LeaseUntil,
    };

    private static ShardRow FromEntity(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetInt64(nameof(ShardRow.Period)) ?? 0,
        entity.GetInt64(nameof(ShardRow.Admitted)) ?? 0,
        entity.GetInt64(nameof(ShardRow.Reserved)) ?? 0,
        entity.GetInt64(nameof(ShardRow.NextReserved)) ?? 0,
        entity.GetInt64(nameof(ShardRow.Demand)) ?? 0,
        entity.GetDouble(nameof(ShardRow.Weight)) ?? 0,
        entity.GetInt64(nameof(ShardRow.PreviousAdmitted)) ?? 0,
        entity.GetDateTimeOffset(nameof(ShardRow.LeaseUntil)) ?? DateTimeOffset.MinValue)
    {
        ETag = entity.ETag.ToString(),
    };
}
