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
            nameof(ShardRow.Demand), nameof(ShardRow.Weight), nameof(ShardRow.PreviousAdmitted), nameof(ShardRow.LeaseUntil),
            nameof(ShardRow.Seq), nameof(ShardRow.Allowance), nameof(ShardRow.NextAllowance), nameof(ShardRow.Limit), nameof(ShardRow.Ahead)];

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

    public async Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        var (entities, hasMore) = await ReadOnePageAsync(partitionKey, afterRowKey, maxRows, Columns, cancellationToken);
        return new ShardPage([.. entities.Select(FromEntity)], hasMore);
    }

    public async Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var actions = rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(row))).ToList();
        if (actions.Count > 0 && !string.Equals(actions[0].Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Rows are in partition '{actions[0].Entity.PartitionKey}', not '{partitionKey}'.", nameof(rows));
        }

        await EnsureTableAsync(cancellationToken);
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

    public async Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromRowKey} and RowKey lt {toRowKey}");
        var grants = new List<GrantRow>();
        try
        {
            await foreach (var entity in _table.Value.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (!string.Equals(entity.RowKey, CoordinatorLease.RowKey, StringComparison.Ordinal))
                {
                    grants.Add(GrantEntities.ToGrant(entity));
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            _tableExists = false;
        }

        return grants;
    }

    public async Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        // The lease's row key sorts before every grant's, so starting after it leaves it out.
        var after = string.CompareOrdinal(afterRowKey, CoordinatorLease.RowKey) > 0 ? afterRowKey : CoordinatorLease.RowKey;
        var (entities, hasMore) = await ReadOnePageAsync(partitionKey, after, maxRows, null, cancellationToken);
        return new GrantPage([.. entities.Select(GrantEntities.ToGrant)], hasMore);
    }

    public async Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            var entity = await _table.Value.GetEntityIfExistsAsync<TableEntity>(partitionKey, CoordinatorLease.RowKey, cancellationToken: cancellationToken);
            return entity.HasValue ? GrantEntities.ToLease(entity.Value!) : null;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            _tableExists = false;
            return null;
        }
    }

    public async Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await EnsureTableAsync(cancellationToken);
        try
        {
            var entity = GrantEntities.FromLease(lease);
            var response = lease.ETag is null
                ? await _table.Value.AddEntityAsync(entity, cancellationToken)
                : await _table.Value.UpdateEntityAsync(entity, new ETag(lease.ETag), TableUpdateMode.Replace, cancellationToken);
            return lease with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(deletedRowKeys);
        var actions = new List<TableTransactionAction>(1 + grants.Count + deletedRowKeys.Count)
        {
            new(TableTransactionActionType.UpdateReplace, GrantEntities.FromLease(lease), new ETag(lease.ETag ?? "*")),
        };
        actions.AddRange(grants.Select(grant => new TableTransactionAction(TableTransactionActionType.UpsertReplace, GrantEntities.FromGrant(grant))));
        actions.AddRange(deletedRowKeys.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(lease.PartitionKey, rowKey), ETag.All)));
        try
        {
            var responses = await PartitionTransaction.SubmitAsync(_table.Value, actions, cancellationToken);
            return lease with { ETag = responses.Value[0].Headers.ETag?.ToString() };
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 412 or 404 && exception.FailedTransactionActionIndex is 0)
        {
            return null;
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await _table.Value.CreateIfNotExistsAsync(cancellationToken);
            _tableExists = true;
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

    /// <summary>
    /// One query's page of a partition's entities with <c>RowKey &gt; afterRowKey</c>, and whether more follow: the service
    /// may end a page early and still return a continuation, so more can follow a short page.
    /// </summary>
    private async Task<(IReadOnlyList<TableEntity> Entities, bool HasMore)> ReadOnePageAsync(
        string partitionKey, string afterRowKey, int maxRows, IEnumerable<string>? columns, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {afterRowKey}");
        try
        {
            await foreach (var page in _table.Value.QueryAsync<TableEntity>(filter, maxRows, columns, cancellationToken).AsPages(pageSizeHint: maxRows))
            {
                return (page.Values, page.ContinuationToken is not null);
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            _tableExists = false;
        }

        return ([], false);
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
        [nameof(ShardRow.Seq)] = row.Seq,
        [nameof(ShardRow.Allowance)] = row.Allowance,
        [nameof(ShardRow.NextAllowance)] = row.NextAllowance,
        [nameof(ShardRow.Limit)] = row.Limit,
        [nameof(ShardRow.Ahead)] = row.Ahead,
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
        Seq = entity.GetInt64(nameof(ShardRow.Seq)) ?? 0,
        Allowance = entity.GetInt64(nameof(ShardRow.Allowance)) ?? 0,
        NextAllowance = entity.GetInt64(nameof(ShardRow.NextAllowance)) ?? 0,
        Limit = entity.GetInt64(nameof(ShardRow.Limit)) ?? 0,
        Ahead = entity.GetInt32(nameof(ShardRow.Ahead)) ?? 1,
    };
}
