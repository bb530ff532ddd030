using System.Collections.Concurrent;
using Azure;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Health;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// One sync round. Per backend: read every prober's verdicts (one range query); for each destination (recorded by its
/// id and address, <see cref="FleetHealthKeys.Recorded"/>) this instance probes, read the fleet's observations of it (one range query), judge it and put the verdict in force; for the
/// others, put the most recent fresh verdict in force; then write this instance's observations and verdicts in one
/// transaction. Every presence interval it also renews its presence row and reads the live instances. When storage
/// fails, it judges every destination from what it saw itself, until a round succeeds again. Rounds never overlap.
/// </summary>
internal sealed class FleetHealthSynchronizer(
    IFleetHealthStore store,
    FleetObservations observations,
    FleetMembership membership,
    FleetProbes probes,
    FleetVerdicts verdicts,
    FleetRotation rotation,
    GatewayConfigMonitor monitor,
    IOptions<FleetHealthOptions> options,
    TimeProvider time,
    DependencyHealth dependencies) : IDisposable
{
    /// <summary>Rows of instances gone this long are removed by the probers that read them.</summary>
    private static readonly TimeSpan DeadRowRetention = TimeSpan.FromMinutes(1);
    private const int MaxDeletesPerRound = 10;

    private readonly FleetHealthOptions _options = options.Value;
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly Lock _judging = new();
    private readonly ConcurrentDictionary<(string Backend, string Destination), ObservationTotals> _lastTotals = new();
    private readonly Dictionary<(string Backend, string Destination), string> _recordedAs = [];
    private DateTimeOffset _presenceDueAt = DateTimeOffset.MinValue;

    public string DependencyName => $"Table {_options.Table} (fleet health)";

    /// <summary>Runs one round; false when storage failed and this instance judged alone.</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        var now = time.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(_options.StorageTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await RunSharedRoundAsync(now, linked.Token);
            dependencies.Succeeded(DependencyName);
            return true;
        }
        catch (Exception exception) when (IsStorageFailure(exception, cancellationToken))
        {
            membership.SetShared(false);
            _presenceDueAt = DateTimeOffset.MinValue;
            dependencies.Failed(DependencyName, exception);
            JudgeAlone(now);
            return false;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>A probe of this instance concluded: judge the destination again now rather than at the next round.</summary>
    public void Probed(string backend, string destination)
    {
        if (!monitor.Current.Options.Backends.TryGetValue(backend, out var settings))
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_judging)
        {
            var verdict = FleetJudge.Judge(
                verdicts.Get(backend, destination), _lastTotals.GetValueOrDefault((backend, destination), ObservationTotals.None),
                probes.Reading(backend, destination, now, ProbeMaxAge(settings)), BackendHealthRules.Of(settings), membership.InstanceId, now);
            rotation.Apply(backend, destination, verdict);
        }
    }

    /// <summary>Removes this instance's presence row, so its destinations get new probers at once rather than when it expires.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) => store.DeleteAsync(FleetHealthKeys.Presence(membership.InstanceId), cancellationToken);

    public void Dispose() => _round.Dispose();

    /// <summary>How long a probe conclusion stands: a few probe intervals, after which its prober evidently stopped probing.</summary>
    internal static TimeSpan ProbeMaxAge(BackendOptions backend) => (3 * backend.HealthProbe.Interval) + backend.HealthProbe.Timeout;

    private async Task RunSharedRoundAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now >= _presenceDueAt)
        {
            await SyncPresenceAsync(now, cancellationToken);
            _presenceDueAt = now + _options.PresenceInterval;
        }

        membership.SetShared(true);
        foreach (var (backend, settings) in monitor.Current.Options.Backends)
        {
            await SyncBackendAsync(backend, settings, now, cancellationToken);
        }
    }

    private async Task SyncPresenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.WritePresenceAsync(new PresenceRow(membership.InstanceId, now + _options.PresenceLease), cancellationToken);
        var rows = await store.ReadPresenceAsync(cancellationToken);
        membership.Update(rows.Where(row => row.LeaseUntil >= now).Select(static row => row.Instance));
        foreach (var dead in rows.Where(row => row.LeaseUntil < now - DeadRowRetention).Take(MaxDeletesPerRound))
        {
            await store.DeleteAsync(dead.Key, cancellationToken);
        }
    }

    private async Task SyncBackendAsync(string backend, BackendOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var self = membership.InstanceId;
        var rules = BackendHealthRules.Of(settings);
        var leaseUntil = now + _options.RowLease;
        var recorded = settings.Destinations.ToDictionary(
            static pair => pair.Key, static pair => FleetHealthKeys.Recorded(pair.Key, pair.Value), StringComparer.Ordinal);
        var own = new Dictionary<string, ObservationRow>(StringComparer.Ordinal);
        foreach (var (destination, name) in recorded)
        {
            Readdressed(backend, destination, name);
            if (observations.Snapshot(backend, destination, self, now, leaseUntil) is { } row)
            {
                own[destination] = row with { Destination = name };
            }
        }

        var verdictRows = await store.ReadVerdictsAsync(backend, cancellationToken);
        var ownVerdicts = new List<VerdictRow>();
        foreach (var (destination, name) in recorded)
        {
            var fresh = verdictRows.Where(row => row.Destination == name && row.LeaseUntil >= now).ToList();
            var shared = fresh.MaxBy(static row => row.Verdict.JudgedAt)?.Verdict;
            if (!membership.IsProber(backend, destination))
            {
                rotation.Apply(backend, destination, shared);
                continue;
            }

            var rows = await store.ReadObservationsAsync(backend, name, cancellationToken);
            var verdict = Judge(backend, destination, settings, rules, shared, fresh, rows, own.GetValueOrDefault(destination), now);
            ownVerdicts.Add(new VerdictRow(backend, name, verdict, leaseUntil));
            var dead = rows.Where(row => row.LeaseUntil < now - DeadRowRetention).Select(static row => row.Key)
                .Concat(verdictRows.Where(row => row.Destination == name && row.LeaseUntil < now - DeadRowRetention).Select(static row => row.Key));
            foreach (var key in dead.Take(MaxDeletesPerRound))
            {
                await store.DeleteAsync(key, cancellationToken);
            }
        }

        await store.WriteAsync(backend, [.. own.Values], ownVerdicts, cancellationToken);
    }

    /// <summary>
    /// A destination pointed at another address keeps nothing of the old one: not what this instance counted or probed
    /// of it, nor the verdict in force (which, judged here, would otherwise carry into the next judgement as the previous one).
    /// </summary>
    private void Readdressed(string backend, string destination, string name)
    {
        if (_recordedAs.TryGetValue((backend, destination), out var previous) && previous != name)
        {
            lock (_judging)
            {
                observations.Forget(backend, destination);
                probes.Forget(backend, destination);
                _lastTotals.TryRemove((backend, destination), out _);
                rotation.Apply(backend, destination, null);
            }
        }

        _recordedAs[(backend, destination)] = name;
    }

    private FleetVerdict Judge(
        string backend, string destination, BackendOptions settings, BackendHealthRules rules, FleetVerdict? shared,
        List<VerdictRow> fresh, IReadOnlyList<ObservationRow> rows, ObservationRow? own, DateTimeOffset now)
    {
        var self = membership.InstanceId;
        lock (_judging)
        {
            // What this instance judged since its last write (after a probe) is newer than what the table holds.
            var mine = verdicts.Get(backend, destination);
            var previous = mine is not null && mine.JudgedBy == self && (shared is null || mine.JudgedAt > shared.JudgedAt) ? mine : shared;
            var from = now - _options.Window;
            if (previous is not null && previous.JudgedFrom > from)
            {
                from = previous.JudgedFrom;
            }

            var totals = Sum(rows.Where(row => row.Instance != self && row.LeaseUntil >= now).Append(own), from);
            var maxAge = ProbeMaxAge(settings);
            var probe = probes.Reading(backend, destination, now, maxAge);
            foreach (var row in fresh.Where(row => row.Verdict.JudgedBy != self && row.Verdict.ProbedAt is { } at && now - at <= maxAge))
            {
                probe = ProbeReading.Latest(probe, new ProbeReading(row.Verdict.Probe, row.Verdict.ProbedAt));
            }

            _lastTotals[(backend, destination)] = totals;
            var verdict = FleetJudge.Judge(previous, totals, probe, rules, self, now);
            rotation.Apply(backend, destination, verdict);
            return verdict;
        }
    }

    /// <summary>Storage is unavailable: every destination is judged from this instance's own observations and probes.</summary>
    private void JudgeAlone(DateTimeOffset now)
    {
        var self = membership.InstanceId;
        lock (_judging)
        {
            foreach (var (backend, settings) in monitor.Current.Options.Backends)
            {
                foreach (var destination in settings.Destinations.Keys)
                {
                    var previous = verdicts.Get(backend, destination);
                    var from = now - _options.Window;
                    if (previous is not null && previous.JudgedFrom > from)
                    {
                        from = previous.JudgedFrom;
                    }

                    var totals = Sum([observations.Snapshot(backend, destination, self, now, now)], from);
                    _lastTotals[(backend, destination)] = totals;
                    var probe = probes.Reading(backend, destination, now, ProbeMaxAge(settings));
                    rotation.Apply(backend, destination, FleetJudge.Judge(previous, totals, probe, BackendHealthRules.Of(settings), self, now));
                }
            }
        }
    }

    private static ObservationTotals Sum(IEnumerable<ObservationRow?> rows, DateTimeOffset from)
    {
        long requests = 0;
        long failures = 0;
        var reporters = 0;
        foreach (var row in rows)
        {
            if (row?.CountFrom(from) is { Requests: > 0 } counts)
            {
                requests += counts.Requests;
                failures += counts.Failures;
                reporters++;
            }
        }

        return new ObservationTotals(requests, failures, reporters);
    }

    private static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException or InvalidOperationException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
