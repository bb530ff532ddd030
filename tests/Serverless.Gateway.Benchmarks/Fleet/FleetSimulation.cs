using System.Diagnostics;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Runs one scenario with one limiter variant: the gateway's real rate limiting, one DI container per instance, on one
/// fake clock and one simulated table, single-threaded and seeded, so the same inputs give the same figures. Instances
/// start during the warm-up, each with a round before it takes requests, then run rounds every SyncInterval from a
/// random phase; requests arrive as the scenario's load draws them and go to a serving instance picked at random; the
/// scenario's events make instances join, leave, stall and crash.
/// </summary>
public sealed class FleetSimulation
{
    /// <summary>Where the load starts: a whole minute, so windows of a second or a minute start with it.</summary>
    public static readonly DateTimeOffset LoadStart = new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly FleetScenario _scenario;
    private readonly FleetVariant _variant;
    private readonly Dictionary<string, string?> _settings;
    private readonly FleetTimeline _timeline;
    private readonly SimulatedTable _table = new();
    private readonly TableStorageModel _model = new();
    private readonly List<FleetNode> _nodes = [];
    private readonly List<FleetNode> _serving = [];
    private readonly Random _balancer;
    private readonly Random _fleet;
    private readonly string[] _keys;
    private readonly DateTimeOffset _end;
    private readonly WindowLedger _ledger;
    private TimeSpan _storageTimeout;
    private long _rounds;
    private long _failedRounds;
    private Exception? _fault;

    private FleetSimulation(FleetScenario scenario, FleetVariant variant)
    {
        _scenario = scenario;
        _variant = variant;
        _settings = new Dictionary<string, string?>(variant.Settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in scenario.Policy.Settings)
        {
            _settings[key] = value;
        }

        _timeline = new FleetTimeline(LoadStart - scenario.Warmup);
        _balancer = FleetRandom.Create(scenario.Seed, FleetRandom.Balancer);
        _fleet = FleetRandom.Create(scenario.Seed, FleetRandom.Fleet);
        _keys = [.. scenario.KeyNames];
        _end = LoadStart + scenario.Duration;
        _ledger = new WindowLedger(scenario.Keys, LoadStart, _end, scenario.Policy.Window, scenario.Policy.Limit);
    }

    public static FleetRun Run(FleetScenario scenario, FleetVariant variant)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(variant);

        return new FleetSimulation(scenario, variant).Execute();
    }

    private DateTimeOffset Now => _timeline.Now;

    private FleetRun Execute()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < _scenario.Instances; i++)
            {
                var node = AddNode();
                _timeline.At(_timeline.Now + (_scenario.Warmup / 2 * _fleet.NextDouble()), () => StartRound(node));
            }

            var options = _nodes[0].Options;
            _storageTimeout = options.StorageTimeout;
            foreach (var fleetEvent in _scenario.Events)
            {
                _timeline.At(LoadStart + fleetEvent.At, () => Apply(fleetEvent));
            }

            var load = new FleetLoad(_scenario, LoadStart);
            while (true)
            {
                if (_timeline.TryPeek(out var next) && next <= load.Next)
                {
                    if (next >= _end)
                    {
                        break;
                    }

                    _timeline.RunNext();
                }
                else
                {
                    if (load.Next >= _end)
                    {
                        break;
                    }

                    _timeline.AdvanceTo(load.Next);
                    Request(load.Key);
                    load.Advance();
                }

                if (_fault is not null)
                {
                    throw new InvalidOperationException($"A sync round failed unexpectedly in '{_scenario.Name}'.", _fault);
                }
            }

            if (_timeline.Scheduler.QueuedFromAnotherThread)
            {
                throw new InvalidOperationException($"Work left the simulation's thread in '{_scenario.Name}': the run is not deterministic.");
            }

            return new FleetRun
            {
                Scenario = _scenario,
                Variant = _variant,
                Accuracy = _ledger.Summarize(_scenario.Instances),
                Storage = _model.Usage(LoadStart, _end),
                Prediction = _variant.Formula(_scenario, options),
                SyncInterval = options.SyncInterval,
                Rounds = _rounds,
                FailedRounds = _failedRounds,
                InstancesStarted = _nodes.Count,
                Elapsed = watch.Elapsed,
            };
        }
        finally
        {
            foreach (var node in _nodes)
            {
                node.Dispose();
            }
        }
    }

    private FleetNode AddNode()
    {
        var node = FleetNode.Create(_nodes.Count, _settings, _timeline, _table, _model, _scenario.Seed, _scenario.Keys);
        _nodes.Add(node);
        return node;
    }

    private void Request(int key)
    {
        if (_serving.Count == 0)
        {
            return;
        }

        var node = _serving[_balancer.Next(_serving.Count)];
        var now = Now;
        var window = _ledger.WindowOf(now);
        node.ObserveLive(window);
        var last = node.LastRequest[key];
        // The lease as the instance's counters see it, from its interval now (fleet.Lease).
        if (last == 0 || now.UtcTicks - last > ((2 * node.Sync.Interval) + _storageTimeout).Ticks)
        {
            _ledger.Started(node, key, window);
        }

        node.LastRequest[key] = now.UtcTicks;
        var failOpen = !node.Sync.IsStorageAvailable;
        var decision = node.Limiter.Acquire(_scenario.Policy.Name, _keys[key]);
        _ledger.Count(key, window, decision.IsAllowed, failOpen);
    }

    private void Tick(FleetNode node)
    {
        if (node.State != FleetNodeState.Serving)
        {
            return;
        }

        // Each instance's own interval: it lengthens in coordinator mode when the fleet must spare storage.
        _timeline.After(node.Sync.Interval, () => Tick(node));
        if (Now < node.StalledUntil)
        {
            return;
        }

        if (node.RoundRunning)
        {
            node.RoundPending = true;
            return;
        }

        StartRound(node);
    }

    private void StartRound(FleetNode node)
    {
        node.RoundRunning = true;
        node.RoundPending = false;
        _timeline.Start(async () =>
        {
            bool succeeded;
            try
            {
                succeeded = await node.Sync.SyncAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                _fault ??= exception;
                return;
            }

            RoundEnded(node, succeeded);
        });
    }

    private void RoundEnded(FleetNode node, bool succeeded)
    {
        node.RoundRunning = false;
        node.ObserveLive(_ledger.WindowOf(Now));
        if (Now >= LoadStart)
        {
            _rounds++;
            _failedRounds += succeeded ? 0 : 1;
        }

        switch (node.State)
        {
            case FleetNodeState.Starting:
                node.State = FleetNodeState.Serving;
                Serve(node);
                _timeline.After(node.Sync.Interval * _fleet.NextDouble(), () => Tick(node));
                break;
            case FleetNodeState.Serving when node.RoundPending && Now >= node.StalledUntil:
                StartRound(node);
                break;
            case FleetNodeState.Leaving when !node.LastRoundStarted:
                node.LastRoundStarted = true;
                StartRound(node);
                break;
            case FleetNodeState.Leaving:
                node.State = FleetNodeState.Gone;
                break;
            default:
                break;
        }
    }

    private void Apply(FleetEvent fleetEvent)
    {
        if (fleetEvent.Kind == FleetEventKind.Join)
        {
            for (var i = 0; i < fleetEvent.Instances; i++)
            {
                StartRound(AddNode());
            }

            return;
        }

        foreach (var node in Pick(fleetEvent.Instances))
        {
            switch (fleetEvent.Kind)
            {
                case FleetEventKind.Leave:
                    Unserve(node);
                    node.State = FleetNodeState.Leaving;
                    if (!node.RoundRunning)
                    {
                        node.LastRoundStarted = true;
                        StartRound(node);
                    }

                    break;
                case FleetEventKind.Stall:
                    node.StalledUntil = Now + fleetEvent.For;
                    break;
                default:
                    Unserve(node);
                    node.State = FleetNodeState.Gone;
                    node.Store.Halt();
                    break;
            }
        }
    }

    /// <summary>Distinct serving instances, drawn at random.</summary>
    private List<FleetNode> Pick(int count)
    {
        var candidates = _serving.ToList();
        var picked = new List<FleetNode>();
        while (picked.Count < count && candidates.Count > 0)
        {
            var index = _fleet.Next(candidates.Count);
            picked.Add(candidates[index]);
            candidates[index] = candidates[^1];
            candidates.RemoveAt(candidates.Count - 1);
        }

        return picked;
    }

    private void Serve(FleetNode node)
    {
        node.Slot = _serving.Count;
        _serving.Add(node);
    }

    private void Unserve(FleetNode node)
    {
        if (node.Slot < 0)
        {
            return;
        }

        var last = _serving[^1];
        _serving[node.Slot] = last;
        last.Slot = node.Slot;
        _serving.RemoveAt(_serving.Count - 1);
        node.Slot = -1;
    }
}
