using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>Counts the storage operations an instance makes, to check the storage cost formula.</summary>
public sealed class CountingRateLimitStore(IRateLimitStore inner) : IRateLimitStore
{
    private long _operations;

    public long Operations => Interlocked.Read(ref _operations);

    public Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadPartitionAsync(partitionKey, cancellationToken);
    }

    public Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadRangeAsync(partitionKey, fromRowKey, toRowKey, cancellationToken);
    }

    public Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadPageAsync(partitionKey, afterRowKey, maxRows, cancellationToken);
    }

    public Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadGrantPageAsync(partitionKey, afterRowKey, maxRows, cancellationToken);
    }

    public Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.WriteAsync(partitionKey, rows, cancellationToken);
    }

    public Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.DeleteAsync(row, cancellationToken);
    }

    public Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadGrantsAsync(partitionKey, fromRowKey, toRowKey, cancellationToken);
    }

    public Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.ReadLeaseAsync(partitionKey, cancellationToken);
    }

    public Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.WriteLeaseAsync(lease, cancellationToken);
    }

    public Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _operations);
        return inner.WriteGrantsAsync(lease, grants, deletedRowKeys, cancellationToken);
    }
}
