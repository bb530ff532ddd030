namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Grants for the keys of one partition, computed by the instance holding the partition's lease from one read of every
/// shard in it, so that no instance has to read the others' rows. Grants for a period add up to at most the key's budget
/// beside what every shard already holds; a shard takes a grant only while it was computed from its latest row.
/// </summary>
internal sealed class PartitionCoordinator(string shardPartition, CounterFamily family)
{
    /// <summary>
    /// Shard rows read and written per second a partition's sync may cost on average: Azure's ~2,000 entities/s, less
    /// headroom for the seconds in which more instances' rounds than average happen to fall (their phases are random).
    /// </summary>
    public const double PartitionEntitiesPerSecond = 1_200;

    /// <summary>
    /// How fast a coordinator reads its partition: half of <see cref="PartitionEntitiesPerSecond"/>, the instances' own
    /// writes at <see cref="IntervalFor"/> taking the other half; its grant writes cost the grant partition as much.
    /// </summary>
    public const double ReadRowsPerSecond = PartitionEntitiesPerSecond / 2;

    public string ShardPartition { get; } = shardPartition;

    public string GrantPartition { get; } = CounterKeys.GrantPartition(shardPartition);

    public CounterFamily Family { get; } = family;

    public CoordinatorLease? Lease { get; set; }

    /// <summary>The grants in storage by row key; null after taking the lease or a failed write, until read again.</summary>
    public Dictionary<string, GrantRow>? Written { get; set; }

    /// <summary>
    /// Each shard row is written once per round by its owner and read once by the coordinator, and each grant likewise:
    /// the interval at which that stays within <see cref="PartitionEntitiesPerSecond"/>.
    /// </summary>
    public static TimeSpan IntervalFor(int rows, TimeSpan baseInterval) =>
        TimeSpan.FromTicks(Math.Max(baseInterval.Ticks, (long)(2 * rows / PartitionEntitiesPerSecond * TimeSpan.TicksPerSecond)));

    /// <summary>How many rows the last pass read (or, before the first, are expected): sizes the next pass's interval and pace before it has read them all.</summary>
    public int Rows { get; set; }

    /// <summary>Grants for every key of a whole partition, and the deletes of grants no longer needed.</summary>
    public GrantPlan Plan(IReadOnlyList<ShardRow> rows, DateTimeOffset now, TimeSpan baseInterval, DateTimeOffset coordinatedUntil)
    {
        var relevant = Relevant(rows, now);
        var interval = IntervalFor(relevant.Count, baseInterval);
        var (grants, live) = PlanKeys(relevant, now, interval, coordinatedUntil);
        return new GrantPlan(grants, Unneeded(grants.Select(grant => grant.RowKey)), interval, live);
    }

    /// <summary>The rows that count for grants: live shards, and closed ones whose counts still matter.</summary>
    public List<ShardRow> Relevant(IEnumerable<ShardRow> rows, DateTimeOffset now)
    {
        var period = Family.PeriodOf(now);
        return [.. rows.Where(row => CounterKeys.KeyOf(row.RowKey) is not null && (row.LeaseUntil >= now || row.Period >= period - 2))];
    }

    /// <summary>
    /// Grants for the keys of <paramref name="relevant"/>, which must hold every row of each of its keys (a page of the
    /// partition ending on a whole key), and how many live shards with a limit they cover.
    /// </summary>
    public (List<GrantRow> Grants, int LiveShards) PlanKeys(List<ShardRow> relevant, DateTimeOffset now, TimeSpan interval, DateTimeOffset coordinatedUntil)
    {
        var written = Written ?? [];
        var period = Family.PeriodOf(now);
        var grants = new List<GrantRow>();
        foreach (var key in relevant.GroupBy(row => CounterKeys.KeyOf(row.RowKey)!, StringComparer.Ordinal))
        {
            PlanKey(key.Key, [.. key], written, period, now, interval, coordinatedUntil, grants);
        }

        return (grants, relevant.Count(row => row.LeaseUntil >= now && row.Limit != CounterState.Unlimited));
    }

    /// <summary>The grant rows in storage that a pass which wrote <paramref name="kept"/> no longer needs.</summary>
    public List<string> Unneeded(IEnumerable<string> kept)
    {
        var keep = kept.ToHashSet(StringComparer.Ordinal);
        return [.. (Written ?? []).Keys.Where(rowKey => !keep.Contains(rowKey))];
    }

    private void PlanKey(
        string escapedKey, List<ShardRow> rows, Dictionary<string, GrantRow> written, long period, DateTimeOffset now, TimeSpan interval,
        DateTimeOffset coordinatedUntil, List<GrantRow> grants)
    {
        // The lowest limit an instance using the key states now: a row whose lease ended (its instance stopped, perhaps
        // before a plan change reached it) still counts what it claimed, but its limit no longer binds the key.
        var limits = rows.Where(row => row.Limit > 0 && row.LeaseUntil >= now && (row.Period >= period - 1 || Family.Reach(row) >= period))
            .Select(row => row.Limit).ToList();
        if (limits.Count == 0 || limits.Min() == CounterState.Unlimited)
        {
            return;
        }

        var limit = limits.Min();
        var known = rows.Select(row => written.GetValueOrDefault(CounterKeys.GrantRowKey(CounterKeys.ShardOf(row.RowKey), escapedKey))).ToList();
        var budget = Budget(limit, rows, known, period);
        var previousBudget = known.FirstOrDefault(grant => grant is not null && grant.Period == period) is { } same ? same.PreviousBudget
            : known.FirstOrDefault(grant => grant is not null && grant.Period == period - 1)?.Budget ?? limit;

        var current = new ShardClaims[rows.Count];
        var next = new ShardClaims[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            // A shard whose lease ended gets no grant written, so it asks for nothing and counts whole.
            var seen = known[i] is not null && row.LeaseUntil >= now;
            var grant = known[i] is { } g && g.SeenSeq == row.Seq ? g : null;
            var claim = Family.Claim(row, period);
            current[i] = new ShardClaims(claim, row.Period > period ? claim : Math.Min(claim, Math.Max(Family.Held(row, period), grant?.For(period) ?? 0)), seen);

            // One grant for all the periods ahead the row reaches, so it is checked against the most any shard claims of one.
            // A shard seen for the first time is granted its share of them at once: what it holds now is its row's, and an
            // even split it may take in the next period for want of a grant is in the bound.
            var nextClaim = Family.ClaimAfter(row, period);
            next[i] = new ShardClaims(nextClaim, Math.Min(nextClaim, Math.Max(Family.HeldAfter(row, period), grant?.After(period) ?? 0)), row.LeaseUntil >= now);
        }

        // Which shard gets a unit left over changes with the period, so none is always the one left out.
        ulong TieBreak(int shard) => StableHash.Of($"{rows[shard].RowKey}|{period}");
        var granted = ShardClaims.Allot(current, budget - current.Sum(shard => shard.Counted), TieBreak);
        var grantedNext = ShardClaims.Allot(next, limit - next.Sum(shard => shard.Counted), TieBreak);
        var claims = current.Sum(shard => shard.Claim);
        var nextClaims = next.Sum(shard => shard.Claim);
        var admitted = rows.Sum(row => CounterFamily.AdmittedIn(row, period));
        var weight = rows.Where(row => row.LeaseUntil >= now).Sum(row => row.Weight);
        var live = rows.Count(row => row.LeaseUntil >= now);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.LeaseUntil < now)
            {
                continue;
            }

            grants.Add(new GrantRow(
                GrantPartition, CounterKeys.GrantRowKey(CounterKeys.ShardOf(row.RowKey), escapedKey), row.Seq, period,
                granted[i], grantedNext[i], budget, previousBudget,
                admitted - CounterFamily.AdmittedIn(row, period), claims - current[i].Claim, nextClaims - next[i].Claim,
                weight - row.Weight, live - 1, interval, coordinatedUntil, Math.Max(period + 1, Family.Reach(row))));
        }
    }

    /// <summary>
    /// The key's budget in the period: the limit plus what the period before left over, as far as <c>Burst</c> allows,
    /// computed afresh each round: a shard still in the period before claims its reservation, and once it moves on only its
    /// final count, so the budget grows towards the true one as shards move on.
    /// </summary>
    private long Budget(long limit, List<ShardRow> rows, List<GrantRow?> known, long period)
    {
        var previousClaims = rows.Sum(row => Family.Claim(row, period - 1));
        var earlier = known.FirstOrDefault(grant => grant is not null && grant.Period == period);
        var previous = earlier?.PreviousBudget ?? known.FirstOrDefault(grant => grant is not null && grant.Period == period - 1)?.Budget;
        var follows = previousClaims > 0 || previous is not null;
        return Family.Budget(limit, follows, previous ?? limit, previousClaims);
    }
}
