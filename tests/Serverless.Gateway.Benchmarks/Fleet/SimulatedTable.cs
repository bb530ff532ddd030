using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// The rows of the rate-limit table, shared by the whole simulated fleet: each change is atomic and every read sees
/// every change made before it, as a partition of a real table does. Rows are kept in row key order, as Table
/// Storage returns them. What the operations cost and how long they take is <see cref="TableStorageModel"/>'s business.
/// </summary>
public sealed class SimulatedTable
{
    private readonly Dictionary<string, SortedDictionary<string, ShardRow>> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, GrantRow>> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CoordinatorLease> _leases = new(StringComparer.Ordinal);
    private long _version;

    public int Count(string partitionKey) => _partitions.TryGetValue(partitionKey, out var rows) ? rows.Count : 0;

    public int CountRange(string partitionKey, string fromRowKey, string toRowKey) => Range(partitionKey, fromRowKey, toRowKey).Count();

    public IReadOnlyList<ShardRow> Read(string partitionKey) => _partitions.TryGetValue(partitionKey, out var rows) ? [.. rows.Values] : [];

    public IReadOnlyList<ShardRow> ReadRange(string partitionKey, string fromRowKey, string toRowKey) => [.. Range(partitionKey, fromRowKey, toRowKey)];

    /// <summary>Inserts or replaces rows of one partition, each with a new ETag.</summary>
    public void Upsert(string partitionKey, IEnumerable<ShardRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            _partitions[partitionKey] = partition = new SortedDictionary<string, ShardRow>(StringComparer.Ordinal);
        }

        foreach (var row in rows)
        {
            partition[row.RowKey] = row with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
    }

    /// <summary>Deletes a row unless it changed since it was read (its ETag differs); false if it changed or is gone.</summary>
    public bool Delete(ShardRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _partitions.TryGetValue(row.PartitionKey, out var partition)
            && partition.TryGetValue(row.RowKey, out var stored)
            && (row.ETag is null || string.Equals(row.ETag, stored.ETag, StringComparison.Ordinal))
            && partition.Remove(row.RowKey);
    }

    private IEnumerable<ShardRow> Range(string partitionKey, string fromRowKey, string toRowKey) =>
        _partitions.TryGetValue(partitionKey, out var rows)
            ? rows.Values.Where(row => string.CompareOrdinal(row.RowKey, fromRowKey) >= 0 && string.CompareOrdinal(row.RowKey, toRowKey) < 0)
            : [];

    public IReadOnlyList<GrantRow> ReadGrants(string partitionKey, string fromRowKey, string toRowKey) =>
        _grants.TryGetValue(partitionKey, out var rows)
            ? [.. rows.Values.Where(row => string.CompareOrdinal(row.RowKey, fromRowKey) >= 0 && string.CompareOrdinal(row.RowKey, toRowKey) < 0)]
            : [];

    public CoordinatorLease? ReadLease(string partitionKey) => _leases.GetValueOrDefault(partitionKey);

    /// <summary>Stores the lease if the stored one is still the version it names (none, for no ETag); null if not.</summary>
    public CoordinatorLease? WriteLease(CoordinatorLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (_leases.GetValueOrDefault(lease.PartitionKey)?.ETag != lease.ETag)
        {
            return null;
        }

        var stored = lease with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        _leases[lease.PartitionKey] = stored;
        return stored;
    }

    /// <summary>Renews the lease and applies the grant changes atomically, or changes nothing if the lease changed or a deleted row is gone.</summary>
    public CoordinatorLease? WriteGrants(CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(deletedRowKeys);
        if (!_grants.TryGetValue(lease.PartitionKey, out var partition))
        {
            _grants[lease.PartitionKey] = partition = new SortedDictionary<string, GrantRow>(StringComparer.Ordinal);
        }

        if (lease.ETag is null || _leases.GetValueOrDefault(lease.PartitionKey)?.ETag != lease.ETag || deletedRowKeys.Any(rowKey => !partition.ContainsKey(rowKey)))
        {
            return null;
        }

        foreach (var grant in grants)
        {
            partition[grant.RowKey] = grant;
        }

        foreach (var rowKey in deletedRowKeys)
        {
            partition.Remove(rowKey);
        }

        return WriteLease(lease);
    }
}
