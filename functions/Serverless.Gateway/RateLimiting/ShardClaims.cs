namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One shard as a coordinator sees it in one period: what it claims and what it is known to hold. A shard seen for the
/// first time is granted nothing more yet, its whole claim counted against the others: the newest shard may hold an even
/// split taken before its first row, and a round's wait gives other new shards time to write theirs.
/// </summary>
internal readonly record struct ShardClaims(long Claim, long Fixed, bool Known)
{
    /// <summary>What the shard asks for beyond what it holds, if it may be granted anything.</summary>
    public long Outstanding => Known ? Claim - Fixed : 0;

    /// <summary>What the room left for grants must allow for: what it holds if it is known, else its whole claim.</summary>
    public long Counted => Known ? Fixed : Claim;

    /// <summary>All that is asked when it fits in <paramref name="room"/>, else a share of the room in proportion to what is asked.</summary>
    public long Granted(long room, long outstanding) =>
        outstanding <= room ? Fixed + Outstanding : Fixed + (room <= 0 || outstanding == 0 ? 0 : (long)((double)Outstanding * room / outstanding));
}
