namespace Serverless.Gateway.RateLimiting;

/// <summary>How a budget divides: this instance's weight, the total over live instances, and how many of them there are.</summary>
/// <param name="Own">This instance's weight (its smoothed demand plus the floor).</param>
/// <param name="Total">The weights of this instance, the live others and, during a grace, the live instances without a row.</param>
/// <param name="Floor">The weight every instance gets on top of its demand.</param>
/// <param name="Live">Other shards with a live lease.</param>
/// <param name="Absent">Live instances presumed to hold an even split because a new counter has not seen them yet.</param>
internal readonly record struct Shares(double Own, double Total, double Floor, int Live, int Absent);
