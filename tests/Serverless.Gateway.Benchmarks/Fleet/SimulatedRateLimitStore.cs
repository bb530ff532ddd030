using Azure;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// One instance's <see cref="IRateLimitStore"/> in the simulation: each call is one or more transactions (a read of
/// more than 1,000 rows is one per page), charged to <see cref="TableStorageModel"/> when it starts and answered on the
/// fleet's clock after a latency drawn from this instance's own random source. A throttled transaction is retried as the
/// SDK would (<see cref="SdkRetryPolicy"/>), each try charged again; out of retries, the call fails with 503 Server Busy
/// (<see cref="RequestFailedException"/>). A change is applied to <see cref="SimulatedTable"/> when its answer arrives,
/// and a read sees the table as of its last page's answer, so a read sees every change answered before it started. An
/// operation abandoned (its token cancelled, as at the storage timeout) before its answer changes nothing.
/// The instance's random id becomes <c>node{index}</c> in storage, so rows sort the same way in every run.
/// </summary>
public sealed class SimulatedRateLimitStore(SimulatedTable table, TableStorageModel model, FleetTimeline timeline, Random random, string storageId) : IRateLimitStore
{
    private string? _instanceId;
    private bool _halted;

    /// <summary>How the SDK retries a throttled operation. Default: the SDK's own default.</summary>
    public SdkRetryPolicy Retry { get; init; } = SdkRetryPolicy.AzureDefault;

    /// <summary>The id this instance's rows carry in storage.</summary>
    public string StorageId { get; } = storageId;

    /// <summary>Sets the id the instance's own rows carry in memory (its <see cref="IRateLimitSynchronizer.InstanceId"/>).</summary>
    public void Bind(string instanceId) => _instanceId = instanceId;

    /// <summary>The process is gone: nothing in flight is answered, and nothing new is sent.</summary>
    public void Halt() => _halted = true;

    public async Task<IReadOnlyList<ShardRow>> ReadPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        await PagesAsync(partitionKey, table.Count(partitionKey), cancellationToken);
        return FromStorage(table.Read(partitionKey));
    }

    public async Task<IReadOnlyList<ShardRow>> ReadRangeAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        await PagesAsync(partitionKey, table.CountRange(partitionKey, fromRowKey, toRowKey), cancellationToken);
        return FromStorage(table.ReadRange(partitionKey, fromRowKey, toRowKey));
    }

    public async Task<ShardPage> ReadPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        var size = Math.Min(maxRows, TableStorageModel.EntitiesPerPage);

        // Charged for the rows there when it starts; it answers with those there when it is served, as ReadPartitionAsync does.
        await TransactionAsync(partitionKey, Math.Min(size, Following().Count), cancellationToken);
        var following = Following();
        return new ShardPage(FromStorage([.. following.Take(size)]), following.Count > size);

        List<ShardRow> Following() =>
            [.. table.Read(partitionKey).Where(row => string.CompareOrdinal(row.RowKey, afterRowKey) > 0).OrderBy(row => row.RowKey, StringComparer.Ordinal)];
    }

    public async Task WriteAsync(string partitionKey, IReadOnlyList<ShardRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count is 0 or > 100 || rows.Any(row => !string.Equals(row.PartitionKey, partitionKey, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"An entity group transaction holds 1 to 100 rows of partition '{partitionKey}' only.", nameof(rows));
        }

        await TransactionAsync(partitionKey, rows.Count, cancellationToken);
        table.Upsert(partitionKey, rows.Select(ToStorage));
    }

    public async Task<bool> DeleteAsync(ShardRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await TransactionAsync(row.PartitionKey, 1, cancellationToken);
        return table.Delete(ToStorage(row));
    }

    public async Task<IReadOnlyList<GrantRow>> ReadGrantsAsync(string partitionKey, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        await PagesAsync(partitionKey, table.ReadGrants(partitionKey, fromRowKey, toRowKey).Count, cancellationToken);
        return table.ReadGrants(partitionKey, fromRowKey, toRowKey);
    }

    public async Task<GrantPage> ReadGrantPageAsync(string partitionKey, string afterRowKey, int maxRows, CancellationToken cancellationToken)
    {
        var size = Math.Min(maxRows, TableStorageModel.EntitiesPerPage);
        await TransactionAsync(partitionKey, Math.Min(size, Following().Count), cancellationToken);
        var following = Following();
        return new GrantPage([.. following.Take(size)], following.Count > size);

        List<GrantRow> Following() =>
            [.. table.ReadGrants(partitionKey, afterRowKey + "\0", "~").OrderBy(row => row.RowKey, StringComparer.Ordinal)];
    }

    public async Task<CoordinatorLease?> ReadLeaseAsync(string partitionKey, CancellationToken cancellationToken)
    {
        await TransactionAsync(partitionKey, 1, cancellationToken);
        return table.ReadLease(partitionKey);
    }

    public async Task<CoordinatorLease?> WriteLeaseAsync(CoordinatorLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await TransactionAsync(lease.PartitionKey, 1, cancellationToken);
        return table.WriteLease(lease);
    }

    public async Task<CoordinatorLease?> WriteGrantsAsync(
        CoordinatorLease lease, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletedRowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(deletedRowKeys);
        if (grants.Count + deletedRowKeys.Count > 99 || grants.Any(grant => !string.Equals(grant.PartitionKey, lease.PartitionKey, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A grant transaction renews the lease and holds up to 99 grants of partition '{lease.PartitionKey}' only.", nameof(grants));
        }

        await TransactionAsync(lease.PartitionKey, 1 + grants.Count + deletedRowKeys.Count, cancellationToken);
        return table.WriteGrants(lease, grants, deletedRowKeys);
    }

    private async Task PagesAsync(string partitionKey, int rows, CancellationToken cancellationToken)
    {
        // An empty result is still one page, one transaction.
        for (var page = 0; page == 0 || page * TableStorageModel.EntitiesPerPage < rows; page++)
        {
            await TransactionAsync(partitionKey, Math.Min(TableStorageModel.EntitiesPerPage, rows - (page * TableStorageModel.EntitiesPerPage)), cancellationToken);
        }
    }

    /// <summary>One transaction as the SDK sends it: tried, and while throttled retried after its delays, until it is served or out of retries.</summary>
    private async Task TransactionAsync(string partitionKey, int entities, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            if (_halted)
            {
                // A dead process sends nothing: what its round still had to do never reaches storage.
                await new TaskCompletionSource().Task;
            }

            var admitted = model.TryAdmit(partitionKey, entities, timeline.Now);
            await LaterAsync(model.SampleLatency(random), cancellationToken);
            if (admitted)
            {
                return;
            }

            if (retry > Retry.MaxRetries)
            {
                throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
            }

            await LaterAsync(Retry.DelayBefore(retry, random), cancellationToken);
        }
    }

    /// <summary>Completes after <paramref name="delay"/> of simulated time, or cancelled; never, once the process is halted.</summary>
    private Task LaterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (_halted)
        {
            return new TaskCompletionSource().Task;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var done = new TaskCompletionSource();
        var abandon = cancellationToken.Register(() =>
        {
            if (!_halted)
            {
                done.TrySetCanceled(cancellationToken);
            }
        });
        timeline.After(delay, () =>
        {
            abandon.Dispose();
            if (!_halted)
            {
                done.TrySetResult();
            }
        });
        return done.Task;
    }

    private ShardRow ToStorage(ShardRow row) =>
        _instanceId is { } id && row.RowKey.Contains(id, StringComparison.Ordinal) ? row with { RowKey = row.RowKey.Replace(id, StorageId, StringComparison.Ordinal) } : row;

    private IReadOnlyList<ShardRow> FromStorage(IReadOnlyList<ShardRow> rows)
    {
        if (_instanceId is not { } id)
        {
            return rows;
        }

        var result = rows.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i].RowKey.Contains(StorageId, StringComparison.Ordinal))
            {
                result[i] = result[i] with { RowKey = result[i].RowKey.Replace(StorageId, id, StringComparison.Ordinal) };
            }
        }

        return result;
    }
}
