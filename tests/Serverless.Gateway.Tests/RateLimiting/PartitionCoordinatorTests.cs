using CsCheck;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.RateLimiting;

/// <summary>A coordinator's grants computed from rows it is handed, for a policy of 100 per one-minute window.</summary>
public sealed class PartitionCoordinatorTests
{
    private const string Partition = "00-r-standard";
    private const long Limit = 100;
    private static readonly DateTimeOffset Now = new(2026, 3, 30, 12, 0, 30, TimeSpan.Zero);
    private static readonly WindowFamily Family = new("standard", new RateLimitPolicyOptions { Limit = Limit, Window = TimeSpan.FromMinutes(1) });
    private static readonly long Period = Family.PeriodOf(Now);

    [Fact]
    public void A_shard_seen_for_the_first_time_is_granted_nothing_more_and_its_whole_claim_counts_against_the_others()
    {
        var coordinator = Coordinator();
        var known = Row("a", seq: 1, admitted: 10, allowance: 20, reserved: 60);
        coordinator.Written = Planned(coordinator, [known]);

        var plan = coordinator.Plan([known, Row("b", seq: 1, admitted: 0, allowance: 50, reserved: 50)], Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        Assert.Equal(50, Grant(plan, "b").Grant);
        Assert.Equal(50, Grant(plan, "a").Grant);
    }

    [Fact]
    public void Requests_that_fit_beside_everything_held_are_granted_whole()
    {
        var coordinator = Coordinator();
        var rows = new[] { Row("a", seq: 1, admitted: 5, allowance: 10, reserved: 40), Row("b", seq: 1, admitted: 5, allowance: 10, reserved: 60) };
        coordinator.Written = Planned(coordinator, rows);

        var plan = coordinator.Plan(rows, Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        Assert.Equal((40, 60), (Grant(plan, "a").Grant, Grant(plan, "b").Grant));
        Assert.Equal((60, 40), (Grant(plan, "a").OthersClaims, Grant(plan, "b").OthersClaims));
    }

    [Fact]
    public void Requests_beyond_the_budget_share_the_room_in_proportion_to_what_each_asks()
    {
        var coordinator = Coordinator();
        var rows = new[] { Row("a", seq: 1, admitted: 10, allowance: 20, reserved: 80), Row("b", seq: 1, admitted: 10, allowance: 20, reserved: 140) };
        coordinator.Written = Planned(coordinator, rows);

        var plan = coordinator.Plan(rows, Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        // 60 left beside the 40 held, asked 60 and 120 beyond it: a third and two thirds.
        Assert.Equal((40, 60), (Grant(plan, "a").Grant, Grant(plan, "b").Grant));
    }

    [Fact]
    public void When_every_share_rounds_down_to_nothing_the_whole_room_is_still_handed_out_one_unit_each()
    {
        var coordinator = Coordinator();
        var rows = Enumerable.Range(0, 150).Select(i => Row($"s{i:D3}", seq: 1, admitted: 0, allowance: 0, reserved: 1)).ToList();
        coordinator.Written = Planned(coordinator, rows);

        var plan = coordinator.Plan(rows, Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        Assert.Equal(Limit, plan.Grants.Sum(grant => grant.Grant));
        Assert.All(plan.Grants, grant => Assert.InRange(grant.Grant, 0, 1));
    }

    [Fact]
    public void A_grant_for_the_windows_ahead_reaches_as_far_as_the_row_it_answers_and_no_further()
    {
        var family = new WindowFamily("standard", new RateLimitPolicyOptions { Limit = Limit, Window = TimeSpan.FromSeconds(1) });
        var period = family.PeriodOf(Now);
        var coordinator = new PartitionCoordinator(Partition, family);

        // Asks 40 of each of the next six windows; its lease ends half-way through the third.
        var row = Row("a", seq: 1, admitted: 0, allowance: 0, reserved: 0) with
        {
            Period = period,
            NextReserved = 40,
            Ahead = 6,
            LeaseUntil = family.StartOf(period + 3).AddMilliseconds(500),
        };
        coordinator.Written = new Dictionary<string, GrantRow>(StringComparer.Ordinal)
        {
            [GrantKey("a")] = new(coordinator.GrantPartition, GrantKey("a"), 1, period, 0, 0, Limit, Limit, 0, 0, 0, 0, 0, TimeSpan.Zero, Now, period + 1),
        };

        var grant = coordinator.Plan([row], Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3)).Grants.Single();

        Assert.Equal((40, period + 3), (grant.NextGrant, grant.NextUntil));
        Assert.Equal((40, 40, 0), (grant.For(period + 1), grant.For(period + 3), grant.For(period + 4)));
    }

    [Fact]
    public void Grants_of_shards_whose_lease_has_ended_are_deleted()
    {
        var coordinator = Coordinator();
        var gone = Row("a", seq: 3, admitted: 10, allowance: 10, reserved: 10) with { LeaseUntil = Now.AddSeconds(-1) };
        coordinator.Written = new Dictionary<string, GrantRow>(StringComparer.Ordinal)
        {
            [GrantKey("a")] = new(CounterKeys.GrantPartition(Partition), GrantKey("a"), 3, Period, 10, 0, Limit, Limit, 0, 0, 0, 0, 0, TimeSpan.Zero, Now, Period + 1),
        };

        var plan = coordinator.Plan([gone, Row("b", seq: 1, admitted: 0, allowance: 10, reserved: 10)], Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        Assert.Equal([GrantKey("a")], plan.Deletes);
        Assert.Equal([GrantKey("b")], plan.Grants.Select(grant => grant.RowKey));
    }

    [Fact]
    public void The_interval_asked_for_keeps_a_partition_within_Table_Storage_s_target()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), PartitionCoordinator.IntervalFor(100, TimeSpan.FromMilliseconds(250)));

        // 3,000 rows written and read once a round each: 6,000 entities per round, at 1,200 a second.
        Assert.Equal(TimeSpan.FromSeconds(5), PartitionCoordinator.IntervalFor(3_000, TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void Whatever_the_shards_hold_and_ask_what_they_may_admit_after_a_round_adds_up_to_at_most_the_budget()
    {
        var shard = Gen.Select(Gen.Long[0, 60], Gen.Long[0, 60], Gen.Long[0, 120], Gen.Bool, (admitted, extra, ask, known) => (admitted, extra, ask, known));
        shard.Array[1, 8].Sample(shards =>
        {
            var rows = shards.Select((s, i) => Row($"s{i}", seq: 1, admitted: s.admitted, allowance: s.admitted + s.extra, reserved: s.admitted + s.extra + s.ask)).ToList();

            // What the shards hold now is within the budget (the invariant a round starts from).
            if (rows.Sum(row => row.Allowance) > Limit)
            {
                return true;
            }

            var coordinator = Coordinator();
            coordinator.Written = Planned(coordinator, [.. rows.Where((_, i) => shards[i].known)]);
            var plan = coordinator.Plan(rows, Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));
            var mayAdmit = rows.Sum(row => Math.Max(row.Allowance, Grant(plan, ShardOf(row)).Grant));
            return mayAdmit <= Limit;
        });
    }

    [Fact]
    public void A_lower_quota_stated_only_by_a_shard_whose_lease_ended_no_longer_binds_the_key()
    {
        // An instance that stopped while its plan still had the old daily quota: its row stays for the rest of the day.
        var day = CalendarFamily.Day;
        var period = day.PeriodOf(Now);
        var partition = day.PartitionKey(0, period);
        ShardRow Quota(string shard, long limit, long reserved, DateTimeOffset leaseUntil) =>
            new(partition, CounterKeys.RowKey("tenant-a", $"{shard}.1"), period, 1, reserved, 0, 1, 1, 0, leaseUntil) { Seq = 1, Allowance = 1, Limit = limit };

        var plan = new PartitionCoordinator(partition, day).Plan(
            [Quota("stopped", 2, reserved: 1, Now.AddSeconds(-5)), Quota("live", 6, reserved: 6, Now.AddSeconds(1))], Now, TimeSpan.FromMilliseconds(250), Now.AddSeconds(3));

        Assert.Equal(6, Grant(plan, "live").Budget);
    }

    private static PartitionCoordinator Coordinator() => new(Partition, Family);

    /// <summary>Grants written in an earlier round for the same rows, granting nothing beyond what they held.</summary>
    private static Dictionary<string, GrantRow> Planned(PartitionCoordinator coordinator, IEnumerable<ShardRow> rows) =>
        rows.ToDictionary(
            row => GrantKey(ShardOf(row)),
            row => new GrantRow(coordinator.GrantPartition, GrantKey(ShardOf(row)), row.Seq, Period, row.Allowance, 0, Limit, Limit, 0, 0, 0, 0, 0, TimeSpan.Zero, Now, Period + 1),
            StringComparer.Ordinal);

    private static ShardRow Row(string shard, long seq, long admitted, long allowance, long reserved) =>
        new(Partition, CounterKeys.RowKey("tenant-a", $"{shard}.1"), Period, admitted, reserved, 0, admitted, 1, 0, Now.AddSeconds(1))
        {
            Seq = seq,
            Allowance = allowance,
            Limit = Limit,
        };

    private static string ShardOf(ShardRow row) => CounterKeys.ShardOf(row.RowKey)[..^2];

    private static string GrantKey(string shard) => CounterKeys.GrantRowKey($"{shard}.1", "tenant-a");

    private static GrantRow Grant(GrantPlan plan, string shard) => plan.Grants.Single(grant => grant.RowKey == GrantKey(shard));
}
