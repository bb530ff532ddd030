namespace Serverless.Gateway.RateLimiting;

/// <summary>How instances agree on allowances (docs/auth-and-rate-limits.md compares the two).</summary>
public enum RateLimitCoordination
{
    /// <summary>
    /// One instance per partition, holding a lease, reads every shard and writes each a grant; instances read only their
    /// own grants. Storage grows linearly with the instances and the interval adapts to Azure's targets. The default.
    /// </summary>
    Coordinator,

    /// <summary>
    /// Every instance reads every shard of the keys it uses and grants itself. A round faster to grow an allowance, but
    /// storage grows with the square of the instances: for a few instances only.
    /// </summary>
    Peers,
}
