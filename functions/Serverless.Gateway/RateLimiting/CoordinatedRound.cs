using System.Collections.Concurrent;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// A round in coordinator mode. Per partition in use, this instance reads its own grants (one range query), applies them
/// and writes its rows; for each partition whose lease it holds, it reads every shard once and writes every shard's grant,
/// fenced by the lease. A partition whose grants stop coming is taken over by one of its instances. The fleet's size comes
/// from one lease row the presence coordinator keeps, not from every instance reading every presence row. Nothing any
/// instance reads grows with the number of instances but a coordinator's read, so storage grows linearly with the fleet.
/// </summary>
internal sealed class CoordinatedRound(IRateLimitStore store, RateLimitFleet fleet, RateLimitingOptions options, TimeProvider time, ILogger logger)
{
    private const int MaxParallelPartitions = 8;

    // Small pages spread a coordinator's reads, and the grants they lead to, evenly over its pass.
    private const int PageRows = 200;


    // So that when a coordinator is gone a few of the instances using its partition, not all, try to take it over.
    private const double TakeoverAttemptsPerRound = 3;

    private static readonly string PresenceLeasePartition = CounterKeys.GrantPartition(CounterKeys.PresencePartition);
    private readonly ConcurrentDictionary<string, PartitionCoordinator> _led = new(StringComparer.Ordinal);

    // Rounds in a row in which a partition this instance uses had no coordinator's answer.
    private Dictionary<string, int> _unanswered = new(StringComparer.Ordinal);
    private DateTimeOffset _presenceDueAt = DateTimeOffset.MinValue;
    private DateTimeOffset _syncedAt = DateTimeOffset.MinValue;
    private TimeSpan _settled = fleet.BaseInterval;
    private int _presenceVacancies;
    private long _round;

    /// <summary>The partitions this instance coordinates now.</summary>
    public IReadOnlyCollection<string> Coordinated => [.. _led.Keys];

    /// <param name="extendDeadline">
    /// Moves the round's storage deadline to this long after its timeout from now: a coordinator's pass waits for its pace,
    /// and a wait is not storage failing to answer.
    /// </param>
    public async Task RunAsync(DateTimeOffset now, List<CounterState> due, bool flush, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        _round++;
        if (now >= _presenceDueAt)
        {
            await SyncPresenceAsync(now, cancellationToken);
            _presenceDueAt = now + fleet.PresenceInterval;
        }

        // A round comes no sooner than the interval the fleet's size and this instance's keys ask for, also the first one
        // after new keys arrive: a fleet whose instances all start serving many keys at once would otherwise write them all
        // within one short interval, far above the targets. (A round due on the old, shorter schedule only lengthens it; at
        // the configured interval every round runs, as a tool or test that calls one expects.)
        var works = RoundParts.Partition(due).ToList();
        var required = Required(works, due);
        if (!flush && required > fleet.BaseInterval && now - _syncedAt < required * 0.9)
        {
            Settle(required);
            return;
        }

        fleet.SyncInterval = required;

        _syncedAt = now;

        // The caller's scheduler (the thread pool in the app), so the fleet simulation, which runs rounds on a single-threaded
        // scheduler of its own, stays deterministic; ParallelOptions would pick the thread pool whatever the caller's.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

        // Coordinate first, so the grants this instance reads next answer the rows it wrote last round. The round at stop
        // only writes this instance's rows: the lease runs out and another instance takes the partition over.
        if (!flush)
        {
            await Parallel.ForEachAsync(_led.Values.ToList(), parallel, (coordinator, token) => new ValueTask(CoordinateAsync(coordinator, extendDeadline, token)));
        }

        // A coordinator's pass takes most of the interval (it is paced): the grants it reads next, and the leases and
        // periods of the rows it writes, belong to the moment after it, not to the round's start.
        now = time.GetUtcNow();
        var uncoordinated = new ConcurrentBag<PartitionWork>();
        await Parallel.ForEachAsync(works, parallel, async (work, token) =>
        {
            if (await SyncPartitionAsync(work, now, token))
            {
                uncoordinated.Add(work);
            }
        });

        var unanswered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var work in uncoordinated.OrderBy(work => work.PartitionKey, StringComparer.Ordinal))
        {
            var waited = _unanswered.GetValueOrDefault(work.PartitionKey);
            unanswered[work.PartitionKey] = waited + 1;
            await TryTakeOverAsync(work, waited, now, extendDeadline, cancellationToken);
        }

        _unanswered = unanswered;

        var next = Required(works, due);
        Settle(next);
        if (Math.Abs(next.Ticks - required.Ticks) > required.Ticks / 4)
        {
            logger.IntervalChanged(next, fleet.Instances, works.Count + _led.Count);
        }
    }

    /// <summary>
    /// Sets the interval to the next round. Instances that started together run in step at the short interval, and would
    /// go on in step at a long one, their rounds all falling in the same second of a partition; so when the interval grows
    /// several-fold, the first wait at the new one is a part of it, different for each instance.
    /// </summary>
    private void Settle(TimeSpan interval)
    {
        var grown = interval.Ticks > 2 * _settled.Ticks;
        _settled = interval;
        fleet.SyncInterval = grown ? interval * StableHash.Fraction($"{fleet.InstanceId}|phase|{_round}") : interval;
    }

    /// <summary>Applies this instance's grants and writes its rows; true if a counter with a limit has no coordinator's answer.</summary>
    private async Task<bool> SyncPartitionAsync(PartitionWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grants = new Dictionary<string, GrantRow>(StringComparer.Ordinal);
        if (work.Live.Any(static counter => counter.IsLimited))
        {
            var (from, to) = CounterKeys.InstanceGrants(fleet.InstanceId);
            foreach (var grant in await store.ReadGrantsAsync(CounterKeys.GrantPartition(work.PartitionKey), from, to, cancellationToken))
            {
                grants[grant.RowKey] = grant;
            }
        }

        var waiting = false;
        var writes = new List<(CounterState Counter, ShardRow Row)>(work.Live.Count + work.Closed.Count);
        foreach (var counter in work.Live)
        {
            lock (counter.Gate)
            {
                counter.ApplyGrant(grants.GetValueOrDefault(counter.GrantRowKey), now, fleet);
                waiting |= counter.Limit != CounterState.Unlimited && !counter.IsCoordinated(now);
                RoundParts.Queue(work, counter, now, fleet, writes);
            }
        }

        writes.AddRange(work.Closed);
        await RoundParts.WriteAsync(store, work.PartitionKey, writes, cancellationToken);
        return waiting && !_led.ContainsKey(work.PartitionKey);
    }

    private async Task TryTakeOverAsync(PartitionWork work, int waited, DateTimeOffset now, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        if (!IsMyTurn(work.PartitionKey, waited))
        {
            return;
        }

        var grantPartition = CounterKeys.GrantPartition(work.PartitionKey);
        var lease = await store.ReadLeaseAsync(grantPartition, cancellationToken);
        if (lease is not null && lease.LeaseUntil >= now)
        {
            return;
        }

        var taken = await store.WriteLeaseAsync(
            new CoordinatorLease(grantPartition, fleet.InstanceId, now + fleet.CoordinatorLease, 0) { ETag = lease?.ETag }, cancellationToken);
        if (taken is null)
        {
            return;
        }

        // As Required estimates it: every live instance uses the keys this one does there.
        var coordinator = new PartitionCoordinator(work.PartitionKey, work.Family) { Lease = taken, Rows = fleet.Instances * work.Live.Count };
        _led[work.PartitionKey] = coordinator;
        logger.CoordinatorTookOver(work.PartitionKey);
        await CoordinateAsync(coordinator, extendDeadline, cancellationToken);
    }

    /// <summary>
    /// One pass over the partition: read a page of shards, grant its whole keys, and go on at
    /// <see cref="PartitionCoordinator.ReadRowsPerSecond"/>, so neither the shard partition nor the grant partition sees the
    /// whole partition in one burst; then delete the grants nobody needs. Each write renews the lease, fenced by its ETag.
    /// </summary>
    private async Task CoordinateAsync(PartitionCoordinator coordinator, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        try
        {
            var started = time.GetTimestamp();
            var paced = coordinator.Written is null ? await ReadWrittenAsync(coordinator, started, extendDeadline, cancellationToken) : 0;
            var pass = new CoordinatorPass(coordinator.Lease!);
            var after = string.Empty;
            var carried = new List<ShardRow>();
            ShardPage page;
            do
            {
                page = await store.ReadPageAsync(coordinator.ShardPartition, after, PageRows, cancellationToken);
                pass.Read += page.Rows.Count;
                after = page.Rows.Count > 0 ? page.Rows[^1].RowKey : after;
                carried.AddRange(page.Rows);
                var now = time.GetUtcNow();
                pass.Dead.AddRange(page.Rows.Where(row => row.LeaseUntil < now));

                // A key's shards may go on in the next page; it is granted once all of them are read.
                var whole = page.HasMore ? WholeKeys(carried) : carried.Count;
                var relevant = coordinator.Relevant(carried.Take(whole), now);
                carried.RemoveRange(0, whole);
                var interval = PartitionCoordinator.IntervalFor(Math.Max(coordinator.Rows, pass.Read), fleet.BaseInterval);
                var (grants, live) = coordinator.PlanKeys(relevant, now, interval, now + fleet.CoordinatorLease);
                pass.LiveShards += live;
                if (!await pass.WriteAsync(store, grants, [], now + fleet.CoordinatorLease, cancellationToken))
                {
                    break;
                }

                if (page.HasMore)
                {
                    await PaceAsync(started, paced + pass.Read, extendDeadline, cancellationToken);
                }
            }
            while (page.HasMore);

            // Grants of shards gone or idle, at the same pace: when many shards go idle together, so would their grants.
            paced += pass.Read;
            var first = paced;
            foreach (var unneeded in coordinator.Unneeded(pass.Written.Keys).Chunk(PageRows))
            {
                if (paced > first)
                {
                    await PaceAsync(started, paced, extendDeadline, cancellationToken);
                }

                paced += unneeded.Length;
                if (!await pass.WriteAsync(store, [], unneeded, time.GetUtcNow() + fleet.CoordinatorLease, cancellationToken))
                {
                    break;
                }
            }

            var end = time.GetUtcNow();
            var renewed = pass.Lease is null ? null
                : await pass.FinishAsync(store, pass.LiveShards == 0 ? end : end + fleet.CoordinatorLease, pass.LiveShards == 0, cancellationToken);

            if (renewed is null || pass.LiveShards == 0)
            {
                _led.TryRemove(coordinator.ShardPartition, out _);
                logger.CoordinatorStepped(coordinator.ShardPartition, renewed is null ? "another instance took its lease" : "no instance uses it any more");
                return;
            }

            coordinator.Lease = renewed;
            coordinator.Rows = pass.Read;
            coordinator.Written = pass.Written;
            if (!coordinator.Family.KeepsPeriods)
            {
                await RoundParts.RemoveStaleRowsAsync(store, logger, coordinator.ShardPartition, pass.Dead, end, cancellationToken);
            }
        }
        catch
        {
            // What reached storage is unknown: read the grants again before granting anything more.
            coordinator.Written = null;
            throw;
        }
    }

    /// <summary>
    /// Reads the grants in storage, as a coordinator new to the partition (or unsure what its last write left) must before
    /// it grants anything, page by page at its pace: a partition's grants can number thousands. Returns how many it read.
    /// </summary>
    private async Task<int> ReadWrittenAsync(PartitionCoordinator coordinator, long started, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        var written = new Dictionary<string, GrantRow>(StringComparer.Ordinal);
        var after = CoordinatorLease.RowKey;
        GrantPage page;
        do
        {
            page = await store.ReadGrantPageAsync(coordinator.GrantPartition, after, PageRows, cancellationToken);
            foreach (var grant in page.Grants)
            {
                written[grant.RowKey] = grant;
                after = grant.RowKey;
            }

            if (page.HasMore)
            {
                await PaceAsync(started, written.Count, extendDeadline, cancellationToken);
            }
        }
        while (page.HasMore && page.Grants.Count > 0);

        coordinator.Written = written;
        return written.Count;
    }

    /// <summary>How many of <paramref name="rows"/> (in row-key order) belong to keys that end before the last row's key.</summary>
    private static int WholeKeys(List<ShardRow> rows)
    {
        var last = CounterKeys.KeyOf(rows[^1].RowKey);
        var whole = rows.Count;
        while (whole > 0 && string.Equals(CounterKeys.KeyOf(rows[whole - 1].RowKey), last, StringComparison.Ordinal))
        {
            whole--;
        }

        return whole;
    }

    /// <summary>Waits until <paramref name="read"/> rows are due at the coordinator's pace.</summary>
    private async Task PaceAsync(long started, int read, Action<TimeSpan> extendDeadline, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(read / PartitionCoordinator.ReadRowsPerSecond) - time.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            extendDeadline(wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task SyncPresenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.WriteAsync(CounterKeys.PresencePartition, [RoundParts.Presence(fleet, now)], cancellationToken);
        var lease = await store.ReadLeaseAsync(PresenceLeasePartition, cancellationToken);
        var mine = lease is not null && lease.Holder == fleet.InstanceId;
        var vacant = lease is null || lease.LeaseUntil < now;
        _presenceVacancies = vacant && !mine ? _presenceVacancies + 1 : 0;
        if (!mine && !(vacant && IsMyTurn(CounterKeys.PresencePartition, _presenceVacancies - 1)))
        {
            fleet.Instances = lease is { Instances: > 0 } known ? known.Instances : fleet.Instances;
            return;
        }

        var rows = await store.ReadPartitionAsync(CounterKeys.PresencePartition, cancellationToken);
        var live = rows.Count(row => row.LeaseUntil >= now);
        var renewed = await store.WriteLeaseAsync(
            new CoordinatorLease(PresenceLeasePartition, fleet.InstanceId, now + fleet.PresenceLease, live) { ETag = lease?.ETag }, cancellationToken);
        fleet.Instances = live;
        if (renewed is not null)
        {
            await RoundParts.RemoveStaleRowsAsync(store, logger, CounterKeys.PresencePartition, rows, now, cancellationToken);
        }
    }

    /// <summary>
    /// Whether this instance tries for a vacant lease this round: about <see cref="TakeoverAttemptsPerRound"/> of the live
    /// instances do, chosen afresh each round by a hash, so a vacancy is filled within a round or two without a stampede.
    /// The chance doubles with every round this instance has <paramref name="waited"/> for an answer: a partition that
    /// only a few of many instances use would otherwise wait for one of them to be chosen, and one that only this
    /// instance uses is then taken within about log2(instances / 3) rounds.
    /// </summary>
    private bool IsMyTurn(string partitionKey, int waited)
    {
        var chance = TakeoverAttemptsPerRound * Math.Pow(2, Math.Min(waited, 30)) / fleet.Instances;
        if (chance >= 1)
        {
            return true;
        }

        return StableHash.Fraction($"{fleet.InstanceId}|{partitionKey}|{_round}") < chance;
    }

    /// <summary>
    /// The interval that keeps storage within its targets: each partition's coordinator asks for one that keeps its rows'
    /// reads and writes within the partition's, and every instance's two transactions per partition per round, times the
    /// live instances, must stay within <see cref="RateLimitingOptions.AccountTransactionsPerSecond"/>.
    /// </summary>
    private TimeSpan Required(List<PartitionWork> works, List<CounterState> due)
    {
        var partitions = works.Count + _led.Keys.Count(key => works.All(work => work.PartitionKey != key));
        var account = TimeSpan.FromSeconds(2.0 * fleet.Instances * partitions / options.AccountTransactionsPerSecond);
        var requested = TimeSpan.Zero;
        foreach (var counter in due)
        {
            lock (counter.Gate)
            {
                requested = counter.RequestedInterval > requested ? counter.RequestedInterval : requested;
            }
        }

        // Until its coordinator says how many rows a partition holds, assume every live instance uses the keys this one
        // does there: a fleet that starts together then starts within the targets instead of far above them.
        var fullest = works.Count == 0 ? 0 : works.Max(static work => work.Live.Count);
        var estimated = PartitionCoordinator.IntervalFor(fleet.Instances * fullest, fleet.BaseInterval);
        return TimeSpan.FromTicks(Math.Max(fleet.BaseInterval.Ticks, Math.Max(account.Ticks, Math.Max(requested.Ticks, estimated.Ticks))));
    }
}
