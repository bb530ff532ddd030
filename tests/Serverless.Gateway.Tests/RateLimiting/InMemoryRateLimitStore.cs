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
    private readonly Dictionary<string, SortedDictionary<string, GrantRow>> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CoordinatorLease> _leases = new(StringComparer.Ordinal);
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

    public Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var following = _partitions.TryGetValue(partitionKey, out var rows)
                ? rows.Values.Where(row => string.CompareOrdinal(row.RowKey, afterRowKey) > 0).OrderBy(row => row.RowKey, StringComparer.Ordinal).ToList()
                : [];
            return Task.FromResult(new ShardPage([.. following.Take(maxRows)], following.Count > maxRows));
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

    public Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<GrantRow>>(_grants.TryGetValue(partitionKey, out var rows)
                ? [.. rows.Values.Where(row => string.CompareOrdinal(row.RowKey, fromRowKey) >= 0 && string.CompareOrdinal(row.RowKey, toRowKey) < 0)]
                : []);
        }
    }

    public Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var following = _grants.TryGetValue(partitionKey, out var rows)
                ? rows.Values.Where(row => string.CompareOrdinal(row.RowKey, afterRowKey) > 0).OrderBy(row => row.RowKey, StringComparer.Ordinal).ToList()
                : [];
            return Task.FromResult(new GrantPage([.. following.Take(maxRows)], following.Count > maxRows));
        }
    }

    public Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault(partitionKey));
        }
    }

    public Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            return Task.FromResult(Renew(lease));
        }
    }

    public Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(deletedRowKeys);
        if (lease.ETag is null || grants.Count + deletedRowKeys.Count > 99 || grants.Any(grant => grant.PartitionKey != lease.PartitionKey))
        {
            throw new ArgumentException("A grant transaction renews a stored lease and holds up to 99 grants of its partition.", nameof(grants));
        }

        lock (_gate)
        {
            if (!_grants.TryGetValue(lease.PartitionKey, out var partition))
            {
                _grants[lease.PartitionKey] = partition = new SortedDictionary<string, GrantRow>(StringComparer.Ordinal);
            }

            if (!_leases.TryGetValue(lease.PartitionKey, out var stored) || stored.ETag != lease.ETag
                || deletedRowKeys.Any(rowKey => !partition.ContainsKey(rowKey)))
            {
                return Task.FromResult<CoordinatorLease?>(null);
            }

            foreach (var grant in grants)
            {
                partition[grant.RowKey] = grant;
            }

            foreach (var rowKey in deletedRowKeys)
            {
                partition.Remove(rowKey);
            }

            return Task.FromResult(Renew(lease));
        }
    }

    private CoordinatorLease? Renew(CoordinatorLease lease)
    {
        var stored = _leases.GetValueOrDefault(lease.PartitionKey);
        if (stored?.ETag != lease.ETag)
        {
            return null;
        }

        var renewed = lease with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        _leases[lease.PartitionKey] = renewed;
        return renewed;
    }
}
