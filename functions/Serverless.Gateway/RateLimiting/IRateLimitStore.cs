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

    /// <summary>Upserts up to 100 rows of one partition in one atomic entity group transaction.</summary>
    Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken);

    /// <summary>Deletes a row unless it changed since it was read; false if it changed or is already gone.</summary>
    Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken);
}
