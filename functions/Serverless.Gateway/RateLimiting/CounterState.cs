namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// One key's counter on this instance, in one family (a policy's windows, or quota days or months). The hot path admits
/// while <see cref="Admitted"/> is below <see cref="Allowance"/>. An allowance is a reservation that every instance counts
/// until its period ends: a round asks for more in this instance's row, and the next round grants what a fresh read shows
/// still fits in the budget beside everything the others hold (see docs/auth-and-rate-limits.md's rate-limiting section for the invariant).
/// Every member is called with <see cref="Gate"/> held.
/// </summary>
internal sealed class CounterState
{
    public const long Unlimited = long.MaxValue;
    private const long NotStarted = long.MinValue;

    // The other shards of the key, by row key, as last read.
    private readonly Dictionary<string, ShardRow> _peers = new(StringComparer.Ordinal);
    private readonly List<ShardRow> _closed = [];

    // The coordinator's last answer for this shard, in coordinated mode; null in peer mode.
    private GrantRow? _grant;
    private long _seq;
    private ShardRow? _built;
    private long _demand;
    private long _totalDemand;
    private long _demandAtSync;
    private DateTimeOffset _syncedAt;
    private DateTimeOffset _lastDemandAt;
    private bool _informed;
    private double _weight;
    private double _previousWeight;
    private bool _follows;
    private long _previousAdmitted;
    private long _previousBudget;
    private int _knownInstances = 1;

    // Whether the period began with an even split rather than a grant: its first since the counter was new or idle.
    private bool _startedWithSplit;

    // Asked for in this instance's row and not granted yet: in the period, and in the one after it.
    private long _requested;
    private long _nextRequested;

    // Granted for each period after this one up to _nextUntil; it becomes the allowance when such a period starts.
    private long _nextAllowance;
    private long _nextUntil = NotStarted;

    // The last row known to be in storage, and one handed to a write whose outcome is not known yet.
    private ShardRow? _written;
    private ShardRow? _inFlight;

    public CounterState(CounterFamily family, string key, string shardId, int partitions, long limit, Lock gate, DateTimeOffset now)
    {
        Family = family;
        Limit = limit;
        Gate = gate;
        EscapedKey = CounterKeys.Escape(key);
        ShardId = shardId;
        RowKey = CounterKeys.RowKey(EscapedKey, shardId);
        Bucket = CounterKeys.Bucket(key, partitions);
        _syncedAt = now;
        _lastDemandAt = now;
    }

    public Lock Gate { get; }

    public CounterFamily Family { get; }

    public string EscapedKey { get; }

    public string RowKey { get; }

    public string ShardId { get; }

    public string GrantRowKey => CounterKeys.GrantRowKey(ShardId, EscapedKey);

    public int Bucket { get; }

    public long Limit { get; private set; }

    public long Period { get; private set; } = NotStarted;

    /// <summary>What all instances together may admit in the period.</summary>
    public long Budget { get; private set; }

    public long Admitted { get; private set; }

    /// <summary>The most this instance may admit in the period: granted against a read of every other row, or its starting split.</summary>
    public long Allowance { get; private set; }

    public long OthersAdmitted { get; private set; }

    public bool IsEvicted { get; private set; }

    public bool HasRoom => Admitted < Allowance;

    /// <summary>Whether the counter has a limit, and so needs allowances (an unlimited quota only counts, for the record).</summary>
    public bool IsLimited
    {
        get
        {
            lock (Gate)
            {
                return Limit != Unlimited;
            }
        }
    }

    public long Remaining => Limit == Unlimited ? Unlimited : Math.Max(0, Budget - Admitted - OthersAdmitted);

    public string PartitionKey => Family.PartitionKey(Bucket, Period);

    /// <summary>
    /// This instance's weight in shares: the smaller of its last two measurements. Its newest is fresher than the others'
    /// it last read; while demand grows everywhere, that would make everyone's requests add up to more than is free, and
    /// requests that do not fit wait a round longer.
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

        // Until rounds share the new budget, take no more than an even split of what is left of it.
        Allowance = limit == Unlimited
            ? Unlimited
            : Math.Min(Allowance, Admitted + Split(Math.Max(0, limit - Admitted - OthersAdmitted), fleet.Instances));
        _nextAllowance = limit == Unlimited ? 0 : Math.Min(_nextAllowance, Split(limit, fleet.Instances));
    }

    /// <summary>Takes in the key's rows, read just now: grants what the last round asked for if it fits, and asks again.</summary>
    public void Apply(IReadOnlyList<ShardRow> rows, DateTimeOffset now, RateLimitFleet fleet)
    {
        Advance(now, fleet);
        foreach (var row in rows)
        {
            if (row.RowKey != RowKey && IsRelevant(row, now)
                && (!_peers.TryGetValue(row.RowKey, out var known) || known.Period <= row.Period))
            {
                _peers[row.RowKey] = row;
            }
        }

        foreach (var (rowKey, peer) in _peers)
        {
            if (!IsRelevant(peer, now))
            {
                _peers.Remove(rowKey);
            }
        }

        Measure(now, fleet);
        OthersAdmitted = OthersAdmittedIn(Period);
        if (Limit == Unlimited)
        {
            return;
        }

        // The closed period's total is better known now that more of the others have written since it closed. An instance
        // that did not count in it knows only that its budget was at least the limit.
        var previousClaims = OthersClaims(Period - 1);
        if (_follows || previousClaims > 0)
        {
            Budget = Family.Budget(Limit, true, _follows ? _previousBudget : Limit, _previousAdmitted + previousClaims);
        }

        Grant();
        Request(now, fleet);
    }

    /// <summary>
    /// Takes in the coordinator's latest answer for this shard (null if it has none yet): the allowances it granted, if they
    /// were computed from this counter's latest row, the key's budget, and what the others hold, and asks again.
    /// </summary>
    public void ApplyGrant(GrantRow? grant, DateTimeOffset now, RateLimitFleet fleet)
    {
        Advance(now, fleet);
        if (grant is not null && (_grant is null || grant.Period >= _grant.Period))
        {
            _grant = grant;
        }

        Measure(now, fleet);
        OthersAdmitted = _grant is { } known && known.Period == Period ? known.OthersAdmitted : 0;
        if (Limit == Unlimited)
        {
            return;
        }

        if (_grant is { } current && current.Period == Period && current.Budget > 0)
        {
            Budget = current.Budget;
        }

        Adopt();
        Request(now, fleet);
    }

    /// <summary>The interval the coordinator asks for, or zero without one.</summary>
    public TimeSpan RequestedInterval => _grant?.Interval ?? TimeSpan.Zero;

    /// <summary>Whether the coordinator's last answer is still covered by its lease.</summary>
    public bool IsCoordinated(DateTimeOffset now) => _grant is { } grant && grant.CoordinatedUntil >= now;

    private void Measure(DateTimeOffset now, RateLimitFleet fleet)
    {
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
    }

    /// <summary>
    /// The row to write: the counts, the reservations for this period and the next, and the lease of the latter. Its
    /// <see cref="ShardRow.Seq"/> moves on only when what it holds or asks for changes, so a grant computed from it stays
    /// takeable while only its counts grow.
    /// </summary>
    public ShardRow Row(DateTimeOffset now, RateLimitFleet fleet)
    {
        // The lease never moves back (a shorter interval shortens it), so a later row reaches every period an earlier one did.
        var leaseUntil = _built is { } last && last.LeaseUntil > now + fleet.Lease ? last.LeaseUntil : now + fleet.Lease;
        var row = Limit == Unlimited
            ? new ShardRow(PartitionKey, RowKey, Period, Admitted, Admitted, 0, _demand, _weight, _previousAdmitted, leaseUntil)
            : new ShardRow(PartitionKey, RowKey, Period, Admitted, Math.Max(Admitted, Math.Max(Allowance, _requested)), Math.Max(_nextAllowance, _nextRequested),
                _demand, _weight, _previousAdmitted, leaseUntil);
        row = row with
        {
            Allowance = Limit == Unlimited ? Admitted : Allowance,
            NextAllowance = _nextAllowance,
            Limit = Limit,
            Ahead = Ahead(leaseUntil, fleet),
        };
        if (_built is not { } built || built.Period != row.Period || built.Reserved != row.Reserved || built.NextReserved != row.NextReserved
            || built.Allowance != row.Allowance || built.NextAllowance != row.NextAllowance || built.Limit != row.Limit)
        {
            _seq++;
        }

        _built = row = row with { Seq = _seq };
        return row;
    }

    /// <summary>
    /// How many periods ahead the row's next-period reservation holds for. A coordinator's grants come an interval apart,
    /// which can be many windows, so they reach every window the lease does; and never short of what the counter holds.
    /// A peer grants itself every round, for the next period only.
    /// </summary>
    private int Ahead(DateTimeOffset leaseUntil, RateLimitFleet fleet)
    {
        var reach = fleet.Coordination == RateLimitCoordination.Coordinator ? Family.LastStartingBefore(leaseUntil) : Period + 1;
        return (int)Math.Clamp(Math.Max(reach, _nextUntil) - Period, 1, int.MaxValue);
    }

    /// <summary>Closed periods whose final counts are not written yet.</summary>
    public IReadOnlyList<ShardRow> ClosedRows => [.. _closed];

    /// <summary>The row is about to be written; until it is known written, nothing it asks for is granted.</summary>
    public void Writing(ShardRow row) => _inFlight = row;

    public void MarkWritten(ShardRow row)
    {
        if (!_closed.Remove(row))
        {
            _written = row;
            if (ReferenceEquals(row, _inFlight))
            {
                _inFlight = null;
            }
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

    /// <summary>
    /// Raises the allowances, for this period and the next, to what the last written row asked for, as far as the budget
    /// leaves room beside every other row just read. The row was written before this read began, so an instance that
    /// granted itself something after an earlier read is seen here, and one that grants after a later read sees this
    /// row: whichever granted last counted everything the others hold (docs/auth-and-rate-limits.md states the invariant).
    /// </summary>
    private void Grant()
    {
        if (_inFlight is not null || _written is not { } written)
        {
            return;
        }

        Allowance = Math.Max(Allowance, Math.Min(Claim(written, Period), Budget - OthersClaims(Period)));

        // The next period's budget is at least the limit, whatever this one leaves over for it.
        _nextAllowance = Math.Max(_nextAllowance, Math.Min(Claim(written, Period + 1), Limit - OthersClaims(Period + 1)));
        _nextUntil = Period + 1;
    }

    /// <summary>
    /// Raises the allowances to what the coordinator granted, if it granted them against the row this counter last wrote
    /// and nothing newer is being written: the coordinator counted that row's claims, and every later row claims at least
    /// what is taken here (docs/auth-and-rate-limits.md states the invariant).
    /// </summary>
    private void Adopt()
    {
        if (_inFlight is not null || _written is not { } written || _grant is not { } grant || grant.SeenSeq != written.Seq)
        {
            return;
        }

        Allowance = Math.Max(Allowance, Math.Min(Claim(written, Period), grant.For(Period)));

        // Ahead, as far as both the grant and the row it was granted against reach; over that span the row claims the
        // same, and the grant allows the same unless it was computed in a later period than this counter's.
        var until = Math.Min(grant.NextUntil, Family.Reach(written));
        if (until <= Period)
        {
            return;
        }

        var next = Math.Min(Claim(written, Period + 1), Math.Min(grant.For(Period + 1), grant.For(until)));
        if (until > _nextUntil || (until == _nextUntil && next > _nextAllowance))
        {
            (_nextAllowance, _nextUntil) = (next, until);
        }
    }

    /// <summary>
    /// Asks for this instance's demand-proportional share of the budget nobody has admitted yet, and releases at once what
    /// it holds beyond that share; the same for the next period, of the least its budget can be. A peer grows only by its
    /// share of the budget nobody holds, so that peers asking at the same moment mostly fit together. A coordinator shares
    /// out the room itself, in proportion to what is asked, so there the whole share is asked at once: what the others hold
    /// is known only as of the last grant, an interval old, and asking by it would swing between all and nothing.
    /// </summary>
    private void Request(DateTimeOffset now, RateLimitFleet fleet)
    {
        var shares = Shares(now, fleet);
        var share = shares.Own / shares.Total;
        _knownInstances = 1 + shares.Live;
        var peer = fleet.Coordination == RateLimitCoordination.Peers;

        var target = (Budget - Admitted - OthersAdmitted) * share;
        var free = Math.Max(0, Budget - Allowance - OthersClaims(Period));
        var claim = peer ? Math.Min(target, Allowance - Admitted + (free * share)) : target;
        _requested = Admitted + (claim > 0 ? Ceiling(claim) : 0);
        Allowance = Math.Min(Allowance, _requested);

        var nextFree = Math.Max(0, Limit - _nextAllowance - OthersClaims(Period + 1));
        _nextRequested = peer ? Math.Min(Ceiling(Limit * share), _nextAllowance + Ceiling(nextFree * share)) : Ceiling(Limit * share);
        _nextAllowance = Math.Min(_nextAllowance, _nextRequested);
    }

    private void Roll(long period, DateTimeOffset now, RateLimitFleet fleet)
    {
        if (Family.KeepsPeriods && Period != NotStarted && !IsWritten)
        {
            // The closing period's count is billable: keep its final row (reserving nothing) until it is written.
            _closed.Add(new ShardRow(PartitionKey, RowKey, Period, Admitted, Admitted, 0, _demand, _weight, _previousAdmitted, now));
        }

        // Back after more than a lease without requests, the counter stopped syncing, so it holds nothing for this period.
        var idle = Period == NotStarted || now - _lastDemandAt > fleet.Lease;
        _follows = Period != NotStarted && period == Period + 1;
        var closingTotal = _follows ? Admitted + OthersClaims(Period) : 0;
        var granted = period <= _nextUntil ? _nextAllowance : 0;
        _requested = _follows || period <= _nextUntil ? _nextRequested : 0;
        _previousAdmitted = _follows ? Admitted : 0;
        _previousBudget = Budget;
        Budget = Limit == Unlimited ? Unlimited : Family.Budget(Limit, _follows, Budget, closingTotal);
        Period = period;
        Admitted = 0;
        _demand = 0;
        OthersAdmitted = 0;
        if (period + 1 > _nextUntil)
        {
            _nextAllowance = 0;
            _nextRequested = 0;
        }
        if (!_informed || now - _syncedAt > fleet.Lease)
        {
            // New, or idle too long for its demand rate to mean anything: measure it afresh from here.
            _informed = false;
            _syncedAt = now;
            _demandAtSync = _totalDemand;
        }

        // Without a grant, a counter new or back from idle starts with an even split, and again in the period after if its
        // first two rounds (the request, then the grant) did not both run before it: an excess docs/auth-and-rate-limits.md's bound counts.
        // Any other counter without a grant admits nothing until its rounds grant it something.
        var split = idle || (_startedWithSplit && _follows && granted == 0);
        _startedWithSplit = idle;
        Allowance = Limit == Unlimited ? Unlimited
            : !fleet.IsStorageAvailable ? Split(Budget, _informed ? _knownInstances : fleet.Instances)
            : split ? Math.Max(granted, StartingSplit(fleet))
            : granted;
    }

    /// <summary>
    /// An even split of the budget, but in coordinator mode no more than the coordinator last said the others hold nothing
    /// of: a counter whose grant for the period has not come yet (it waits a coordinator round longer than a peer's) then
    /// takes only what is free as far as it knows.
    /// </summary>
    private long StartingSplit(RateLimitFleet fleet)
    {
        var split = Split(Budget, fleet.Instances);
        return _grant is { } grant && grant.Period < Period && Period <= grant.NextUntil ? Math.Min(split, Math.Max(0, Budget - grant.OthersNextClaims)) : split;
    }

    private long Claim(ShardRow row, long period) => Family.Claim(row, period);

    private long OthersClaims(long period)
    {
        if (_grant is { } grant)
        {
            return period == grant.Period ? grant.OthersClaims : period > grant.Period && period <= grant.NextUntil ? grant.OthersNextClaims : 0;
        }

        var sum = 0L;
        foreach (var peer in _peers.Values)
        {
            sum += Claim(peer, period);
        }

        return sum;
    }

    private long OthersAdmittedIn(long period)
    {
        var sum = 0L;
        foreach (var peer in _peers.Values)
        {
            sum += peer.Period == period ? peer.Admitted : peer.Period == period + 1 ? peer.PreviousAdmitted : 0;
        }

        return sum;
    }

    /// <summary>
    /// The weights of this instance and the others whose lease lasts: the instances using the key now. Before the
    /// coordinator's first answer nothing is known of the others, so every live instance is assumed to weigh the same:
    /// a new counter asking for the whole limit would leave the others nothing to ask for until that answer comes.
    /// </summary>
    private Shares Shares(DateTimeOffset now, RateLimitFleet fleet)
    {
        var floor = Family.WeightFloor(Limit);
        var own = OwnWeight + floor;
        if (_grant is { } grant)
        {
            var others = grant.CoordinatedUntil >= now ? grant.OthersLive : 0;
            return new Shares(own, own + (others == 0 ? 0 : grant.OthersWeight + (others * floor)), others);
        }

        if (fleet.Coordination == RateLimitCoordination.Coordinator)
        {
            return new Shares(own, own * fleet.Instances, fleet.Instances - 1);
        }

        var total = own;
        var live = 0;
        foreach (var peer in _peers.Values)
        {
            if (peer.LeaseUntil >= now)
            {
                live++;
                total += peer.Weight + floor;
            }
        }

        return new Shares(own, total, live);
    }

    // Rows of the two periods before this one still tell what was admitted in them; older ones matter only for weights.
    private bool IsRelevant(ShardRow row, DateTimeOffset now) => row.LeaseUntil >= now || row.Period >= Period - 2;

    private static long Ceiling(double value) => value >= Unlimited / 2 ? Unlimited / 2 : (long)Math.Ceiling(value);

    private static long Split(long budget, int instances) => Ceiling((double)budget / Math.Max(1, instances));
}
