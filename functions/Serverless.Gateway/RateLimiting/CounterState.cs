namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One key's counter on this instance, in one family (a policy's windows, or quota days or months). The hot path admits
/// while <see cref="Admitted"/> is below <see cref="Allowance"/>; each sync sets the allowance from the shards of every
/// instance (see the README's rate-limiting section for the algorithm and its bound). Every member is called with
/// <see cref="Gate"/> held.
/// </summary>
internal sealed class CounterState
{
    public const long Unlimited = long.MaxValue;
    private const long NotStarted = long.MinValue;

    // The other shards of the key, by row key, as last read: their counts, reservations, weights and leases.
    private readonly Dictionary<string, PeerShard> _peers = new(StringComparer.Ordinal);
    private readonly List<ShardRow> _closed = [];
    private long _demand;
    private long _totalDemand;
    private long _demandAtSync;
    private DateTimeOffset _syncedAt;
    private DateTimeOffset _lastDemandAt;
    private DateTimeOffset _graceUntil;
    private bool _informed;
    private double _weight;
    private double _previousWeight;
    private double _rollWeight;
    private bool _follows;
    private long _previousAdmitted;
    private long _previousBudget;
    private int _knownInstances = 1;
    private ShardRow? _written;

    public CounterState(CounterFamily family, string key, string shardId, int partitions, long limit, Lock gate, DateTimeOffset now)
    {
        Family = family;
        Limit = limit;
        Gate = gate;
        EscapedKey = CounterKeys.Escape(key);
        RowKey = CounterKeys.RowKey(EscapedKey, shardId);
        Bucket = CounterKeys.Bucket(key, partitions);
        _syncedAt = now;
        _lastDemandAt = now;
    }

    public Lock Gate { get; }

    public CounterFamily Family { get; }

    public string EscapedKey { get; }

    public string RowKey { get; }

    public int Bucket { get; }

    public long Limit { get; private set; }

    public long Period { get; private set; } = NotStarted;

    /// <summary>What all instances together may admit in the period.</summary>
    public long Budget { get; private set; }

    public long Admitted { get; private set; }

    /// <summary>The most this instance may admit in the period until its next sync.</summary>
    public long Allowance { get; private set; }

    public long OthersAdmitted { get; private set; }

    public bool IsEvicted { get; private set; }

    public bool HasRoom => Admitted < Allowance;

    public long Remaining => Limit == Unlimited ? Unlimited : Math.Max(0, Budget - Admitted - OthersAdmitted);

    public string PartitionKey => Family.PartitionKey(Bucket, Period);

    /// <summary>
    /// This instance's weight in shares: the smaller of its last two measurements. Its newest is fresher than the others'
    /// it last read; while demand grows everywhere, that would make everyone's shares add up to more than the budget.
    /// </summary>
    private double OwnWeight => Math.Min(_weight, _previousWeight);

    private bool IsWritten => _written is { } row && row.Period == Period && row.Admitted == Admitted && row.Demand == _demand;

    public void Advance(DateTimeOffset now, RateLimitFleet fleet)
    {
        // A clock that steps back stays in the current period rather than reopening a closed one.
        var period = Family.PeriodOf(now);
        if (period > Period)
        {
            Roll(period, now, fleet);
        }
    }

    public void Count(DateTimeOffset now)
    {
        _demand++;
        _totalDemand++;
        _lastDemandAt = now;
    }

    public void Admit() => Admitted++;

    /// <summary>A tenant's plan, and so its quota, can change between requests.</summary>
    public void SetLimit(long limit, RateLimitFleet fleet)
    {
        if (limit == Limit)
        {
            return;
        }

        Limit = limit;
        if (Period == NotStarted)
        {
            return;
        }

        Budget = limit;

        // Until the next sync shares the new budget, take no more than an even split of what is left of it.
        Allowance = limit == Unlimited
            ? Unlimited
            : Math.Min(Allowance, Admitted + Split(Math.Max(0, limit - Admitted - OthersAdmitted), fleet.Instances));
    }

    /// <summary>Takes in the key's rows, read just now, and sets the allowance for the rest of the period.</summary>
    public void Apply(IReadOnlyList<ShardRow> rows, DateTimeOffset now, RateLimitFleet fleet)
    {
        Advance(now, fleet);
        foreach (var row in rows)
        {
            var relevant = row.LeaseUntil >= now || row.Period >= Period - 1;
            if (!relevant || row.RowKey == RowKey)
            {
                continue;
            }

            if (!_peers.TryGetValue(row.RowKey, out var known))
            {
                _peers[row.RowKey] = new PeerShard(row);
            }
            else if (known.Row.Period <= row.Period)
            {
                known.Update(row);
            }
        }

        foreach (var (rowKey, peer) in _peers)
        {
            if (peer.Row.LeaseUntil < now && peer.Row.Period < Period - 1)
            {
                _peers.Remove(rowKey);
            }
        }

        // Demand per second, smoothed over about two sync intervals whatever the gap between rounds: steady across the
        // pauses of a slow key, quick to follow a shift of load.
        var seconds = (now - _syncedAt).TotalSeconds;
        if (seconds > 0)
        {
            // Over at least one sync interval, or a burst just before a round would read as an absurd rate.
            var rate = (_totalDemand - _demandAtSync) / Math.Max(seconds, fleet.SyncInterval.TotalSeconds);
            var weight = _informed ? _weight + ((rate - _weight) * (1 - Math.Exp(-seconds / fleet.WeightSmoothing.TotalSeconds))) : rate;
            _previousWeight = _informed ? _weight : weight;
            _weight = weight;
        }

        _demandAtSync = _totalDemand;
        _syncedAt = now;
        _informed = true;
        if (Limit == Unlimited)
        {
            OthersAdmitted = OthersAdmittedIn(Period);
            return;
        }

        if (_follows)
        {
            // The closed window's total is better known now that more of the others have written since it closed.
            Budget = Family.Budget(Limit, true, _previousBudget, _previousAdmitted + OthersMostAdmitted(Period - 1, _previousBudget, now, fleet));
        }

        Claim(now, fleet);
    }

    /// <summary>
    /// Moves the allowance towards this instance's demand-proportional share of the budget still unused, growing only into
    /// budget nobody else holds. Others hold what they admitted plus, while their lease lasts, their reservation; a live
    /// instance that has not written this period yet holds the share it started the period with; during a new counter's
    /// grace, each live instance without a row may hold an even split.
    /// </summary>
    private void Claim(DateTimeOffset now, RateLimitFleet fleet)
    {
        // Others started this period with shares of the weights published before it, this instance's included: estimate
        // theirs with those, not with the weight this instance has just measured.
        var atRoll = Shares(now, fleet, _rollWeight, atRoll: true);
        var current = Shares(now, fleet, OwnWeight, atRoll: false);
        var othersReserved = atRoll.Absent * (double)Budget / fleet.Instances;
        var othersAdmitted = 0L;
        foreach (var shard in _peers.Values)
        {
            var peer = shard.Row;
            var live = peer.LeaseUntil >= now;
            if (peer.Period == Period)
            {
                othersAdmitted += peer.Admitted;
                othersReserved += live ? Math.Max(peer.Admitted, peer.Reserved) : peer.Admitted;
            }
            else if (peer.Period < Period && live)
            {
                othersReserved += Budget * (peer.Weight + atRoll.Floor) / atRoll.Total;
            }
        }

        OthersAdmitted = othersAdmitted;
        _knownInstances = 1 + current.Live;
        var share = current.Own / current.Total;
        var target = (Budget - Admitted - othersAdmitted) * share;

        // Taking only a share of the free budget keeps instances that claim at the same moment within it together.
        var free = Math.Max(0, Budget - Allowance - othersReserved);
        var claim = Math.Min(target, Allowance - Admitted + (free * share));
        Allowance = Admitted + (claim > 0 ? Ceiling(claim) : 0);
    }

    /// <summary>The row to write: the counts, the allowance as a reservation, and the lease that keeps it.</summary>
    public ShardRow Row(DateTimeOffset now, RateLimitFleet fleet) =>
        new(PartitionKey, RowKey, Period, Admitted, Limit == Unlimited ? Admitted : Math.Max(Admitted, Allowance), _demand, _weight, _previousAdmitted, now + fleet.Lease);

    /// <summary>Closed periods whose final counts are not written yet.</summary>
    public IReadOnlyList<ShardRow> ClosedRows => [.. _closed];

    public void MarkWritten(ShardRow row)
    {
        if (!_closed.Remove(row))
        {
            _written = row;
        }
    }

    /// <summary>Whether the next round must sync this counter: it is in use, or holds counts not yet written.</summary>
    public bool NeedsSync(DateTimeOffset now, RateLimitFleet fleet) =>
        Period != NotStarted && (now - _lastDemandAt <= fleet.Lease || !IsWritten || _closed.Count > 0);

    /// <summary>Whether the counter has been unused for its family's idle lifetime and everything it counted is written.</summary>
    public bool IsIdle(DateTimeOffset now) =>
        now - _lastDemandAt >= Family.IdleLifetime && (Period == NotStarted || IsWritten) && _closed.Count == 0;

    /// <summary>Marks the counter as forgotten, so a request that still holds it looks the key up again.</summary>
    public void Evict() => IsEvicted = true;

    private void Roll(long period, DateTimeOffset now, RateLimitFleet fleet)
    {
        if (Family.KeepsPeriods && Period != NotStarted && !IsWritten)
        {
            // The closing period's count is billable: keep its final row (reserving nothing) until it is written.
            _closed.Add(new ShardRow(PartitionKey, RowKey, Period, Admitted, Admitted, _demand, _weight, _previousAdmitted, now));
        }

        _follows = Period != NotStarted && period == Period + 1;
        var closingTotal = _follows ? Admitted + OthersMostAdmitted(Period, Budget, now, fleet) : 0;
        _previousAdmitted = _follows ? Admitted : 0;
        _previousBudget = Budget;
        Budget = Limit == Unlimited ? Unlimited : Family.Budget(Limit, _follows, Budget, closingTotal);
        Period = period;
        Admitted = 0;
        _demand = 0;
        OthersAdmitted = 0;
        _rollWeight = OwnWeight;
        Allowance = StartingAllowance(now, fleet);
    }

    private long StartingAllowance(DateTimeOffset now, RateLimitFleet fleet)
    {
        if (Limit == Unlimited)
        {
            return Unlimited;
        }

        if (!fleet.IsStorageAvailable)
        {
            // Local only: an even split among the instances last seen sharing the key (or all live ones, if never synced).
            return Split(Budget, _informed ? _knownInstances : fleet.Instances);
        }

        if (!_informed || now - _syncedAt > fleet.Lease)
        {
            // New, or idle too long to trust what it knew: until the next sync, an even split, and for a grace period
            // assume every live instance without a row took one too.
            _informed = false;
            _graceUntil = now + fleet.Lease;
            _syncedAt = now;
            _demandAtSync = _totalDemand;
            return Split(Budget, fleet.Instances);
        }

        var shares = Shares(now, fleet, _rollWeight, atRoll: false);
        return Ceiling(Budget * shares.Own / shares.Total);
    }

    /// <summary>The weights of this instance and the live others: as they are now, or as each was when it entered this period.</summary>
    private Shares Shares(DateTimeOffset now, RateLimitFleet fleet, double ownWeight, bool atRoll)
    {
        var floor = Family.WeightFloor(Limit);
        var own = ownWeight + floor;
        var total = own;
        var live = 0;
        foreach (var peer in _peers.Values)
        {
            if (peer.Row.LeaseUntil >= now)
            {
                live++;
                total += (atRoll && peer.Row.Period == Period ? peer.RollWeight : peer.Row.Weight) + floor;
            }
        }

        var absent = now < _graceUntil ? Math.Max(0, fleet.Instances - 1 - live) : 0;
        return new Shares(own, total + (absent * own), floor, live, absent);
    }

    private long OthersAdmittedIn(long period)
    {
        var sum = 0L;
        foreach (var peer in _peers.Values)
        {
            sum += peer.Row.Period == period ? peer.Row.Admitted : 0;
        }

        return sum;
    }

    /// <summary>
    /// The most the others can have admitted in a closed period: the final count carried by rows already past it, or, for a
    /// row still in it, its reservation while the lease lasts; during a new counter's grace, an even split of the period's
    /// budget for every live instance not seen yet. A budget carried over from it is thus never more than the true one,
    /// and reaches it once every instance has written in the next period.
    /// </summary>
    private long OthersMostAdmitted(long period, long periodBudget, DateTimeOffset now, RateLimitFleet fleet)
    {
        var sum = Shares(now, fleet, _weight, atRoll: false).Absent * Split(periodBudget, fleet.Instances);
        foreach (var peer in _peers.Values)
        {
            var row = peer.Row;
            sum += row.Period == period + 1 ? row.PreviousAdmitted
                : row.Period != period ? 0
                : row.LeaseUntil >= now ? Math.Max(row.Admitted, row.Reserved)
                : row.Admitted;
        }

        return sum;
    }

    // Rounding up lets each instance exceed its exact share by less than one request, so n instances together by less than n.
    private static long Ceiling(double value) => value >= Unlimited / 2 ? Unlimited / 2 : (long)Math.Ceiling(value);

    private static long Split(long budget, int instances) => Ceiling((double)budget / Math.Max(1, instances));
}
