using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// What one coordinator pass over a partition has read and written so far. Every transaction it writes renews the lease
/// it holds with If-Match, so once another instance has taken the lease the pass writes nothing more.
/// </summary>
internal sealed class CoordinatorPass(CoordinatorLease lease)
{
    private const int ChangesPerTransaction = PartitionTransaction.MaxActions - 1;
    private bool _wrote;

    /// <summary>The lease as last renewed; null once it was lost.</summary>
    public CoordinatorLease? Lease { get; private set; } = lease;

    /// <summary>Rows read, for the pace and the interval the partition asks for.</summary>
    public int Read { get; set; }

    public int LiveShards { get; set; }

    /// <summary>Rows whose lease has run out, candidates for removal once the pass is done.</summary>
    public List<ShardRow> Dead { get; } = [];

    /// <summary>The grants this pass wrote, by row key: after it, the grants in storage.</summary>
    public Dictionary<string, GrantRow> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes grants and deletes grant rows, up to 99 to a transaction with the lease; false once the lease is lost.</summary>
    public async Task<bool> WriteAsync(
        IRateLimitStore store, IReadOnlyList<GrantRow> grants, IReadOnlyList<string> deletes, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var changes = grants.Select(grant => (Grant: (GrantRow?)grant, Delete: (string?)null))
            .Concat(deletes.Select(rowKey => (Grant: (GrantRow?)null, Delete: (string?)rowKey)));
        foreach (var chunk in changes.Chunk(ChangesPerTransaction))
        {
            if (Lease is null)
            {
                return false;
            }

            var written = chunk.Where(change => change.Grant is not null).Select(change => change.Grant!).ToList();
            Lease = await store.WriteGrantsAsync(
                Lease with { LeaseUntil = leaseUntil }, written, [.. chunk.Where(change => change.Delete is not null).Select(change => change.Delete!)], cancellationToken);
            if (Lease is not null)
            {
                _wrote = true;
                foreach (var grant in written)
                {
                    Written[grant.RowKey] = grant;
                }
            }
        }

        return Lease is not null;
    }

    /// <summary>
    /// Ends the pass: writes the lease on its own if nothing else renewed it or the coordinator is letting it go. Returns
    /// the lease as stored, or null if it was lost.
    /// </summary>
    public async Task<CoordinatorLease?> FinishAsync(IRateLimitStore store, DateTimeOffset leaseUntil, bool release, CancellationToken cancellationToken)
    {
        if (Lease is not null && (release || !_wrote))
        {
            Lease = await store.WriteLeaseAsync(Lease with { LeaseUntil = leaseUntil }, cancellationToken);
        }

        return Lease;
    }
}
