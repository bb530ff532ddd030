namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Where instances exchange their counts. Every method is one storage operation (a read of up to 1,000 rows is one page),
/// which is what the storage cost formula counts.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>Every row of a partition: the shards of all keys hashed into it.</summary>
    Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken);

    /// <summary>Rows of a partition with <c>from &lt;= RowKey &lt; to</c>.</summary>
    Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxRows"/> rows of a partition with <c>RowKey &gt; afterRowKey</c>, in row-key order, in one
    /// query: a coordinator reads a large partition page by page, at a pace its partition's throughput allows.
    /// </summary>
    Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken);

    /// <summary>Upserts up to 100 rows of one partition in one atomic entity group transaction.</summary>
    Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken);

    /// <summary>Deletes a row unless it changed since it was read; false if it changed or is already gone.</summary>
    Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken);

    /// <summary>Grant rows of a grant partition with <c>from &lt;= RowKey &lt; to</c> (never the lease).</summary>
    Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxRows"/> grants of a grant partition with <c>RowKey &gt; afterRowKey</c>, in row-key order,
    /// in one query (never the lease): a new coordinator reads the grants in storage page by page, at its pace.
    /// </summary>
    Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken);

    /// <summary>The partition's coordinator lease, or null if nobody ever took it.</summary>
    Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="lease"/> if the stored lease is still the version in its <see cref="CoordinatorLease.ETag"/>
    /// (none stored, for a null ETag). Returns the lease as stored, with its new version, or null if somebody else changed
    /// it first.
    /// </summary>
    Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// In one entity group transaction: renews <paramref name="lease"/> if it is still the stored version, upserts up to 99
    /// grants and deletes the grant rows named. Returns the renewed lease, or null, writing nothing, if the lease changed.
    /// </summary>
    Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken);
}
