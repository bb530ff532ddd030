namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Who coordinates a partition, and until when. Taking it, renewing it and every grant write are conditional on its
/// <see cref="ETag"/>, so two instances that both believe they coordinate cannot both write grants.
/// </summary>
/// <param name="PartitionKey">The grant partition the lease guards (<see cref="CounterKeys.GrantPartition"/>).</param>
/// <param name="Holder">The instance id of the coordinator.</param>
/// <param name="LeaseUntil">Past this moment any instance may take the lease.</param>
/// <param name="Instances">For the presence partition's lease: the live instances its holder counted.</param>
public sealed record CoordinatorLease(string PartitionKey, string Holder, DateTimeOffset LeaseUntil, int Instances)
{
    public const string RowKey = "!lease";

    /// <summary>The stored version; null for a lease not stored yet.</summary>
    public string? ETag { get; init; }
}
