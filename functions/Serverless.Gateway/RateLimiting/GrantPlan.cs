namespace Serverless.Gateway.RateLimiting;

/// <summary>What a coordinator round writes: the grants of every live shard, the grants of shards gone, and the interval it asks for.</summary>
internal sealed record GrantPlan(IReadOnlyList<GrantRow> Grants, IReadOnlyList<string> Deletes, TimeSpan Interval, int LiveShards);
