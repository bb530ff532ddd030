namespace Serverless.Gateway.RateLimiting;

/// <summary>What differs between rate-limit windows and quota periods: how time maps to periods, where rows live, the budget.</summary>
internal abstract class CounterFamily
{
    /// <summary>The period a moment falls in: a window number, or a day or month number.</summary>
    public abstract long PeriodOf(DateTimeOffset now);

    public abstract DateTimeOffset StartOf(long period);

    public abstract DateTimeOffset EndOf(long period);

    /// <summary>The partition holding the shards of a key's bucket for the period.</summary>
    public abstract string PartitionKey(int bucket, long period);

    /// <summary>
    /// Whether each period has rows of its own. Quota rows are kept per period (they are the billing record), so a closed
    /// period's final count still has to be written; window rows are overwritten in place, so storage does not grow.
    /// </summary>
    public abstract bool KeepsPeriods { get; }

    /// <summary>How long an idle counter stays in memory.</summary>
    public abstract TimeSpan IdleLifetime { get; }

    /// <summary>
    /// The budget of a period: the limit, plus for windows the burst carried over from an under-used previous window
    /// (<paramref name="previousBudget"/> − <paramref name="previousAdmitted"/>) or the full burst after a gap.
    /// </summary>
    public abstract long Budget(long limit, bool follows, long previousBudget, long previousAdmitted);

    /// <summary>
    /// Demand (requests/s) added to every instance's weight, so an instance that was idle for a moment still gets a little
    /// of the budget instead of refusing its next request until it syncs.
    /// </summary>
    public abstract double WeightFloor(long limit);

    /// <summary>
    /// What a row holds of a period's budget: its count and reservation while in the period; after it, its reservation
    /// for the periods ahead it reaches (<see cref="Reach"/>: past its lease its owner never starts a period with it);
    /// before it, its final count.
    /// </summary>
    public long Claim(ShardRow row, long period) =>
        row.Period == period ? Math.Max(row.Admitted, row.Reserved)
        : row.Period == period + 1 ? row.PreviousAdmitted
        : row.Period < period && period <= Reach(row) ? row.NextReserved
        : 0;

    /// <summary>What a row's owner was allowed to admit in a period when it wrote the row, by the same rules as <see cref="Claim"/>.</summary>
    public long Held(ShardRow row, long period) =>
        row.Period == period ? Math.Max(row.Admitted, row.Allowance)
        : row.Period == period + 1 ? row.PreviousAdmitted
        : row.Period < period && period <= Reach(row) ? row.NextAllowance
        : 0;

    /// <summary>The most a row claims of any one period after <paramref name="period"/>: a coordinator's grants for those periods are checked against it.</summary>
    public long ClaimAfter(ShardRow row, long period) => MostAfter(row, period, Claim);

    /// <summary>The most a row's owner held of any one period after <paramref name="period"/>.</summary>
    public long HeldAfter(ShardRow row, long period) => MostAfter(row, period, Held);

    /// <summary>
    /// The last period a row's next-period reservation holds for: up to <see cref="ShardRow.Ahead"/> periods after its own,
    /// and none that starts after its lease ends.
    /// </summary>
    public long Reach(ShardRow row) =>
        row.LeaseUntil == DateTimeOffset.MinValue ? row.Period : Math.Min(row.Period + Math.Max(1, row.Ahead), LastStartingBefore(row.LeaseUntil));

    /// <summary>The last period that starts before <paramref name="end"/>: the last a lease ending then reaches into.</summary>
    public long LastStartingBefore(DateTimeOffset end) => PeriodOf(end.AddTicks(-1));

    // Over the periods after a row's own, a claim is the same up to its reach; before and at its own, one value each.
    private static long MostAfter(ShardRow row, long period, Func<ShardRow, long, long> of)
    {
        var first = period + 1;
        return Math.Max(
            Math.Max(of(row, first), of(row, Math.Max(first, row.Period - 1))),
            Math.Max(of(row, Math.Max(first, row.Period)), of(row, Math.Max(first, row.Period + 1))));
    }

    /// <summary>What a row says its owner admitted in a period.</summary>
    public static long AdmittedIn(ShardRow row, long period) =>
        row.Period == period ? row.Admitted : row.Period == period + 1 ? row.PreviousAdmitted : 0;
}
