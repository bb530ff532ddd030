namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// A coordinator's answer to one shard: what the shard may hold of the key's budget, granted against every shard's row in
/// one read of the partition, and what the others hold, so the owner can size its next request without reading them.
/// Lives in the coordinator's partition (<see cref="CounterKeys.GrantPartition"/>), keyed <c>{shard id}|{escaped key}</c>,
/// so an instance reads all of its grants in a partition with one range query.
/// </summary>
/// <param name="PartitionKey">The grant partition.</param>
/// <param name="RowKey"><c>{shard id}|{escaped key}</c>.</param>
/// <param name="SeenSeq">The <see cref="ShardRow.Seq"/> of the shard row the grant was computed from.</param>
/// <param name="Period">The period <paramref name="Grant"/> is for; <paramref name="NextGrant"/> is for each one after it up to <paramref name="NextUntil"/>.</param>
/// <param name="Grant">The most the shard may admit in <paramref name="Period"/>.</param>
/// <param name="NextGrant">The most the shard may admit in each period after <paramref name="Period"/> up to <paramref name="NextUntil"/>.</param>
/// <param name="Budget">The key's budget in <paramref name="Period"/> (the limit plus any burst carried over).</param>
/// <param name="PreviousBudget">The key's budget in the period before, from which the carry-over is computed.</param>
/// <param name="OthersAdmitted">What the other shards admitted in <paramref name="Period"/>.</param>
/// <param name="OthersClaims">What the other shards hold of <paramref name="Period"/>'s budget.</param>
/// <param name="OthersNextClaims">The most the other shards hold of any one period's budget after <paramref name="Period"/>.</param>
/// <param name="OthersWeight">The other live shards' demand in requests per second.</param>
/// <param name="OthersLive">How many other shards are live.</param>
/// <param name="Interval">How often instances should sync the partition so it stays within Table Storage's targets.</param>
/// <param name="CoordinatedUntil">The coordinator's lease: past it, the grant is an old answer and a new coordinator is due.</param>
/// <param name="NextUntil">The last period <paramref name="NextGrant"/> holds for: as far as the shard's row reaches (<see cref="ShardRow.Ahead"/>).</param>
public sealed record GrantRow(
    string PartitionKey, string RowKey, long SeenSeq, long Period, long Grant, long NextGrant, long Budget, long PreviousBudget,
    long OthersAdmitted, long OthersClaims, long OthersNextClaims, double OthersWeight, int OthersLive, TimeSpan Interval, DateTimeOffset CoordinatedUntil,
    long NextUntil)
{
    /// <summary>What the grant allows the shard in <paramref name="period"/>.</summary>
    public long For(long period) => period == Period ? Grant : period > Period && period <= NextUntil ? NextGrant : 0;

    /// <summary>The most the grant allows the shard in any one period after <paramref name="period"/>.</summary>
    public long After(long period) => Period > period ? Math.Max(Grant, NextUntil > Period ? NextGrant : 0) : NextUntil > period ? NextGrant : 0;
}
