using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>
/// Holds an instance's next counter write until the test lets it go, so its round has read the rows but not written its
/// own when other instances run theirs: rounds that overlap, in an order the test decides.
/// </summary>
public sealed class PausingRateLimitStore(IRateLimitStore inner) : IRateLimitStore
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _held;
    private TaskCompletionSource? _reached;

    /// <summary>Arms the pause; the returned task completes when the next counter write has started and is waiting.</summary>
    public Task PauseBeforeNextWrite()
    {
        lock (_gate)
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task;
        }
    }

    /// <summary>Lets a held write go on, or disarms a pause no write reached.</summary>
    public void Resume()
    {
        TaskCompletionSource? held;
        lock (_gate)
        {
            (held, _held, _reached) = (_held, null, null);
        }

        held?.TrySetResult();
    }

    public Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken) =>
        inner.ReadPartitionAsync(partitionKey, cancellationToken);

    public Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(partitionKey, fromRowKey, toRowKey, cancellationToken);

    public Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken) =>
        inner.ReadPageAsync(partitionKey, afterRowKey, maxRows, cancellationToken);

    public async Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        await HoldAsync(partitionKey);
        await inner.WriteAsync(partitionKey, rows, cancellationToken);
    }

    public Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken) => inner.DeleteAsync(row, cancellationToken);

    public Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken) =>
        inner.ReadGrantPageAsync(partitionKey, afterRowKey, maxRows, cancellationToken);

    public Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken) =>
        inner.ReadGrantsAsync(partitionKey, fromRowKey, toRowKey, cancellationToken);

    public Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken) => inner.ReadLeaseAsync(partitionKey, cancellationToken);

    public Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken) => inner.WriteLeaseAsync(lease, cancellationToken);

    /// <summary>A coordinator's grants are held like counts: computed from a read, written after the others' rounds ran.</summary>
    public async Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await HoldAsync(lease.PartitionKey);
        return await inner.WriteGrantsAsync(lease, grants, deletedRowKeys, cancellationToken);
    }

    private async Task HoldAsync(string partitionKey)
    {
        Task? wait = null;
        lock (_gate)
        {
            if (_held is { } held && _reached is { } reached && partitionKey != CounterKeys.PresencePartition)
            {
                wait = held.Task;
                _reached = null;
                reached.TrySetResult();
            }
        }

        if (wait is not null)
        {
            await wait;
        }
    }
}
