namespace Serverless.Gateway.RateLimiting;

/// <summary>Another instance's shard of a key, as last read.</summary>
internal sealed class PeerShard(ShardRow row)
{
    public ShardRow Row { get; private set; } = row;

    /// <summary>
    /// The weight it published before entering its current period, with which it computed its starting share, so its
    /// share can be estimated the way it computed it rather than with the weight it has measured since.
    /// </summary>
    public double RollWeight { get; private set; } = row.Weight;

    public void Update(ShardRow row)
    {
        if (row.Period > Row.Period)
        {
            RollWeight = Row.Weight;
        }

        Row = row;
    }
}
