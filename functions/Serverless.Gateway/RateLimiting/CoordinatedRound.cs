using System.Collections.Concurrent;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// A round in coordinator mode. Per partition in use, this instance reads its own grants (one range query), applies them
/// and writes its rows; for each partition whose lease it holds, it reads every shard once and writes every shard's grant,
/// fenced by the lease. A partition whose grants stop coming is taken over by one of its instances. The fleet's size comes
/// from one lease row the presence coordinator keeps, not from every instance reading every presence row. Nothing any
/// instance reads grows with the number of instances but a coordinator's read, so storage grows linearly with the fleet.
/// </summary>
internal sealed class CoordinatedRound(IRateLimitStore store, RateLimitFleet fleet, RateLimitingOptions options, ILogger logger)
{
    private const int MaxParallelPartitions = 8;
    private const int GrantsPerTransaction = PartitionTransaction.MaxActions - 1;

    // So that when a coordinator is gone a few of the instances using its partition, not all, try to take it over.
    private const double TakeoverAttemptsPerRound = 3;

    // Every grant row key sorts below this: shard ids begin with a letter or digit, and '~' follows them all.
    private const string AllGrants = "~";

    private static readonly string PresenceLeasePartition = CounterKeys.GrantPartition(CounterKeys.PresencePartition);
    private readonly ConcurrentDictionary<string, PartitionCoordinator> _led = new(StringComparer.Ordinal);
    private DateTimeOffset _presenceDueAt = DateTimeOffset.MinValue;
    private DateTimeOffset _syncedAt = DateTimeOffset.MinValue;
    private long _round;

    /// <summary>The partitions this instance coordinates now.</summary>
    public IReadOnlyCollection<string> Coordinated => [.. _led.Keys];

    public async Task RunAsync(DateTimeOffset now, List<CounterState> due, bool flush, CancellationToken cancellationToken)
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
        fleet.SyncInterval = required;
        if (!flush && required > fleet.BaseInterval && now - _syncedAt < required * 0.9)
        {
            return;
        }

        _syncedAt = now;

        // The caller's scheduler (the thread pool in the app), so the fleet simulation, which runs rounds on a single-threaded
        // scheduler of its own, stays deterministic; ParallelOptions would pick the thread pool whatever the caller's.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPartitions, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

        // Coordinate first, so the grants this instance reads next answer the rows it wrote last round.
        await Parallel.ForEachAsync(_led.Values.ToList(), parallel, (coordinator, token) => new ValueTask(CoordinateAsync(coordinator, now, token)));
        var uncoordinated = new ConcurrentBag<PartitionWork>();
        await Parallel.ForEachAsync(works, parallel, async (work, token) =>
        {
            if (await SyncPartitionAsync(work, now, token))
            {
                uncoordinated.Add(work);
            }
        });

        foreach (var work in uncoordinated)
        {
            await TryTakeOverAsync(work, now, cancellationToken);
        }

        var previous = required;
        fleet.SyncInterval = Required(works, due);
        if (Math.Abs(fleet.SyncInterval.Ticks - previous.Ticks) > previous.Ticks / 4)
        {
            logger.IntervalChanged(fleet.SyncInterval, fleet.Instances, works.Count + _led.Count);
        }
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

    private async Task TryTakeOverAsync(PartitionWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!IsMyTurn(work.PartitionKey))
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

        var coordinator = new PartitionCoordinator(work.PartitionKey, work.Family) { Lease = taken };
        _led[work.PartitionKey] = coordinator;
        logger.CoordinatorTookOver(work.PartitionKey);
        await CoordinateAsync(coordinator, now, cancellationToken);
    }

    private async Task CoordinateAsync(PartitionCoordinator coordinator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            coordinator.Written ??= (await store.ReadGrantsAsync(coordinator.GrantPartition, string.Empty, AllGrants, cancellationToken))
                .ToDictionary(grant => grant.RowKey, StringComparer.Ordinal);
            var rows = await store.ReadPartitionAsync(coordinator.ShardPartition, cancellationToken);
            var leaseUntil = now + fleet.CoordinatorLease;
            var plan = coordinator.Plan(rows, now, fleet.BaseInterval, leaseUntil);
            var lease = coordinator.Lease! with { LeaseUntil = plan.LiveShards == 0 ? now : leaseUntil };
            var changes = plan.Grants.Select(grant => (Grant: (GrantRow?)grant, Delete: (string?)null))
                .Concat(plan.Deletes.Select(rowKey => (Grant: (GrantRow?)null, Delete: (string?)rowKey)))
                .Chunk(GrantsPerTransaction)
                .ToList();
            CoordinatorLease? renewed = lease;
            if (changes.Count == 0)
            {
                renewed = await store.WriteLeaseAsync(lease, cancellationToken);
            }

            foreach (var chunk in changes)
            {
                if (renewed is null)
                {
                    break;
                }

                renewed = await store.WriteGrantsAsync(
                    renewed, [.. chunk.Where(change => change.Grant is not null).Select(change => change.Grant!)],
                    [.. chunk.Where(change => change.Delete is not null).Select(change => change.Delete!)], cancellationToken);
            }

            if (renewed is null || plan.LiveShards == 0)
            {
                _led.TryRemove(coordinator.ShardPartition, out _);
                logger.CoordinatorStepped(coordinator.ShardPartition, renewed is null ? "another instance took its lease" : "no instance uses it any more");
                return;
            }

            coordinator.Lease = renewed;
            coordinator.Written = plan.Grants.ToDictionary(grant => grant.RowKey, StringComparer.Ordinal);
            if (!coordinator.Family.KeepsPeriods)
            {
                await RoundParts.RemoveStaleRowsAsync(store, logger, coordinator.ShardPartition, rows, now, cancellationToken);
            }
        }
        catch
        {
            // What reached storage is unknown: read the grants again before granting anything more.
            coordinator.Written = null;
            throw;
        }
    }

    private async Task SyncPresenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.WriteAsync(CounterKeys.PresencePartition, [RoundParts.Presence(fleet, now)], cancellationToken);
        var lease = await store.ReadLeaseAsync(PresenceLeasePartition, cancellationToken);
        var mine = lease is not null && lease.Holder == fleet.InstanceId;
        var vacant = lease is null || lease.LeaseUntil < now;
        if (!mine && !(vacant && IsMyTurn(CounterKeys.PresencePartition)))
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
    /// </summary>
    private bool IsMyTurn(string partitionKey)
    {
        var chance = TakeoverAttemptsPerRound / fleet.Instances;
        if (chance >= 1)
        {
            return true;
        }

        // FNV-1a, mixed once more so that nearby round numbers land far apart.
        var hash = 14695981039346656037ul;
        foreach (var c in $"{fleet.InstanceId}|{partitionKey}|{_round}")
        {
            hash = (hash ^ c) * 1099511628211ul;
        }

        hash ^= hash >> 29;
        return hash < chance * ulong.MaxValue;
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
