using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Table Storage's semantics for the limiter's rows, in memory: every operation is atomic and sees every operation that
/// finished before it, as a partition of a real table does, and completes before it returns, so a test decides the order.
/// </summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, ShardRow>> _partitions = new(StringComparer.Ordinal);
    private long _version;

    public Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ShardRow>>(_partitions.TryGetValue(partitionKey, out var rows) ? [.. rows.Values] : []);
        }
    }

    public Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ShardRow>>(_partitions.TryGetValue(partitionKey, out var rows)
                ? [.. rows.Values.Where(row => string.CompareOrdinal(row.RowKey, fromRowKey) >= 0 && string.CompareOrdinal(row.RowKey, toRowKey) < 0)]
                : []);
        }
    }

    public Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count > 100 || rows.Any(row => !string.Equals(row.PartitionKey, partitionKey, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A transaction holds up to 100 rows of partition '{partitionKey}' only.", nameof(rows));
        }

        lock (_gate)
        {
            if (!_partitions.TryGetValue(partitionKey, out var partition))
            {
                _partitions[partitionKey] = partition = new SortedDictionary<string, ShardRow>(StringComparer.Ordinal);
            }

            foreach (var row in rows)
            {
                partition[row.RowKey] = row with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            var deleted = _partitions.TryGetValue(row.PartitionKey, out var partition)
                && partition.TryGetValue(row.RowKey, out var stored)
                && (row.ETag is null || string.Equals(row.ETag, stored.ETag, StringComparison.Ordinal))
                && partition.Remove(row.RowKey);
            return Task.FromResult(deleted);
        }
    }
}
