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

    /// <summary>
    /// What each shard may hold: all it asks when that fits in <paramref name="room"/>; else a share of the room in
    /// proportion to what each asks, the units left after rounding down going to the largest remainders (ties by
    /// <paramref name="tieBreak"/>), so the whole room is handed out even when every share is below one: a hundred shards
    /// asking one each of fifty would otherwise all round down to nothing.
    /// </summary>
    public static long[] Allot(ShardClaims[] shards, long room, Func<int, ulong> tieBreak)
    {
        var outstanding = shards.Sum(static shard => shard.Outstanding);
        var granted = new long[shards.Length];
        if (outstanding <= room || room <= 0)
        {
            for (var i = 0; i < shards.Length; i++)
            {
                granted[i] = shards[i].Fixed + (outstanding <= room ? shards[i].Outstanding : 0);
            }

            return granted;
        }

        var remainders = new List<(Int128 Remainder, ulong Tie, int Shard)>();
        var left = room;
        for (var i = 0; i < shards.Length; i++)
        {
            var exact = (Int128)shards[i].Outstanding * room;
            var whole = (long)(exact / outstanding);
            granted[i] = shards[i].Fixed + whole;
            left -= whole;
            if (exact % outstanding is var remainder && remainder > 0)
            {
                remainders.Add((remainder, tieBreak(i), i));
            }
        }

        foreach (var (_, _, shard) in remainders.OrderByDescending(static r => r.Remainder).ThenBy(static r => r.Tie).Take((int)Math.Min(left, remainders.Count)))
        {
            granted[shard]++;
        }

        return granted;
    }
}
