namespace Serverless.Gateway.RateLimiting;

/// <summary>How a budget divides: this instance's weight, the total over the instances using the key, and how many others that is.</summary>
/// <param name="Own">This instance's weight (its smoothed demand plus the floor).</param>
/// <param name="Total">The weights of this instance and of the others whose lease lasts.</param>
/// <param name="Live">Other shards with a lease that lasts.</param>
internal readonly record struct Shares(double Own, double Total, int Live);
