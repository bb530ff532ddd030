using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Refusal summaries in the rate-limit table, one row per tenant, route, policy or quota, instance and UTC minute, in
/// partitions of one hour (<c>refused-yyyyMMddHH</c>), so that a tenant's last day is 25 range queries and what is older
/// than <see cref="Retention"/> is found by one query over partition keys and deleted by whichever instance writes.
/// </summary>
internal sealed class TableRefusalStore : IRecentRefusalsReader
{
    /// <summary>How long refusals are shown and kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private const string PartitionPrefix = "refused-";
    private const int MaxDeletePages = 10;

    private readonly Lazy<TableClient> _table;
    private readonly TimeProvider _time;
    private volatile bool _tableExists;

    public TableRefusalStore(IServiceProvider services, IOptions<RateLimitingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = options.Value.Table;
        TableName = table;
        _time = time;
        _table = new Lazy<TableClient>(() => services.GetRequiredService<StorageClients>().Tables.GetTableClient(table));
    }

    public string TableName { get; }

    public async Task WriteAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await _table.Value.CreateIfNotExistsAsync(cancellationToken);
            _tableExists = true;
        }

        foreach (var partition in rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(PartitionTransaction.MaxActions))
            {
                try
                {
                    await PartitionTransaction.SubmitAsync(
                        _table.Value, [.. chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row))], cancellationToken);
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    _tableExists = false;
                    throw;
                }
            }
        }
    }

    /// <summary>Deletes up to <see cref="MaxDeletePages"/> pages of rows older than <see cref="Retention"/>; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = PartitionKey(_time.GetUtcNow() - Retention - TimeSpan.FromHours(1));
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionPrefix} and PartitionKey lt {cutoff}");
        var removed = 0;
        var pages = 0;
        await foreach (var page in _table.Value.QueryAsync<TableEntity>(filter, maxPerPage: 1000, ["PartitionKey", "RowKey"], cancellationToken).AsPages())
        {
            foreach (var partition in page.Values.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(PartitionTransaction.MaxActions))
                {
                    try
                    {
                        await PartitionTransaction.SubmitAsync(
                            _table.Value, [.. chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All))], cancellationToken);
                        removed += chunk.Length;
                    }
                    catch (RequestFailedException exception) when (exception.Status == 404)
                    {
                        // Another instance removed some of them first.
                    }
                }
            }

            if (++pages == MaxDeletePages)
            {
                break;
            }
        }

        return removed;
    }

    public async Task<IReadOnlyList<RecentRefusal>> ReadAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var now = _time.GetUtcNow();
        var since = now - Retention;
        var escaped = CounterKeys.Escape(tenant);
        var hours = Enumerable.Range(0, (int)Retention.TotalHours + 1).Select(hour => PartitionKey(now - TimeSpan.FromHours(hour)));
        var reads = await Task.WhenAll(hours.Select(partition => ReadPartitionAsync(partition, escaped, cancellationToken)));
        return
        [
            .. reads.SelectMany(rows => rows)
                .Where(refusal => refusal.Minute >= since.AddMinutes(-1))
                .OrderByDescending(refusal => refusal.Minute)
                .ThenBy(refusal => refusal.Route, StringComparer.Ordinal)
                .ThenBy(refusal => refusal.Policy, StringComparer.Ordinal)
                .ThenBy(refusal => refusal.Instance, StringComparer.Ordinal),
        ];
    }

    public static TableEntity ToEntity(RefusalKey key, long count, in RefusalExplanation last, string instance)
    {
        var minute = DateTimeOffset.FromUnixTimeSeconds(key.Minute * 60);
        var rowKey = string.Join(
            CounterKeys.Separator, CounterKeys.Escape(key.Tenant), minute.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), CounterKeys.Escape(key.Route),
            CounterKeys.Escape(key.Policy), key.Period.ToString(), instance);
        return new TableEntity(PartitionKey(minute), rowKey)
        {
            ["Tenant"] = key.Tenant,
            ["Minute"] = minute,
            ["Route"] = key.Route,
            ["Code"] = last.Code,
            ["Policy"] = key.Policy,
            ["Period"] = key.Period.ToString(),
            ["WindowSeconds"] = last.Window.TotalSeconds,
            ["Limit"] = last.Limit,
            ["Count"] = count,
            ["Allowance"] = last.Allowance,
            ["Admitted"] = last.Admitted,
            ["Synced"] = last.IsSynced,
            ["Instance"] = instance,
        };
    }

    private static string PartitionKey(DateTimeOffset at) => PartitionPrefix + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<RecentRefusal>> ReadPartitionAsync(string partitionKey, string escapedTenant, CancellationToken cancellationToken)
    {
        var from = escapedTenant + CounterKeys.Separator;
        var to = escapedTenant + (char)(CounterKeys.Separator + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}");
        var refusals = new List<RecentRefusal>();
        try
        {
            await foreach (var row in _table.Value.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                refusals.Add(new RecentRefusal(
                    row.GetDateTimeOffset("Minute") ?? DateTimeOffset.MinValue,
                    row.GetString("Route") ?? string.Empty,
                    row.GetString("Code") ?? string.Empty,
                    row.GetString("Policy") ?? string.Empty,
                    Enum.TryParse<QuotaPeriod>(row.GetString("Period"), out var period) ? period : QuotaPeriod.None,
                    TimeSpan.FromSeconds(row.GetDouble("WindowSeconds") ?? 0),
                    row.GetInt64("Limit") ?? 0,
                    row.GetInt64("Count") ?? 0,
                    row.GetInt64("Allowance") ?? 0,
                    row.GetInt64("Admitted") ?? 0,
                    row.GetBoolean("Synced") ?? false,
                    row.GetString("Instance") ?? string.Empty));
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No table yet: nothing was refused.
        }

        return refusals;
    }
}
