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
}
