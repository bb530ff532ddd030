using Microsoft.Extensions.Time.Testing;
using Serverless.Gateway.Forwarding.FleetHealth;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

/// <summary>
/// The fleet verdict across many instances sharing one store, on a fake clock: each instance's sync round writes its
/// observations and reads the probers' verdicts, and only the elected probers judge.
/// </summary>
public sealed class FleetHealthSynchronizerTests : IDisposable
{
    private const string Backend = "pool";
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Gateway:Backends:pool:Destinations:x"] = "http://127.0.0.1:1",
        ["Gateway:Backends:pool:Destinations:y"] = "http://127.0.0.1:2",
        ["Gateway:Backends:pool:HealthProbe:Enabled"] = "true",
        ["Gateway:Backends:pool:HealthProbe:FailureThreshold"] = "2",
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFleetHealthStore _store = new();
    private readonly List<FleetNode> _nodes = [];

    [Fact]
    public async Task A_destination_failing_one_request_on_each_of_twelve_instances_leaves_the_rotation_on_all_of_them_including_idle_ones()
    {
        var nodes = await StartAsync(13);
        foreach (var node in nodes.Take(12))
        {
            node.Record(Backend, "x", successes: 0, failures: 1);
            node.Record(Backend, "y", successes: 1, failures: 0);
        }

        await RoundsAsync(3);

        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x"), $"{node.Id} still routes to x."));
        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "y")));
        var verdict = nodes[12].Verdicts.Get(Backend, "x")!;
        Assert.Equal((VerdictSource.Observations, 12, 12L, 12L), (verdict.Source, verdict.Reporters, verdict.Requests, verdict.Failures));
    }

    [Fact]
    public async Task Fewer_requests_than_the_minimum_throughput_fleet_wide_keep_a_failing_destination_in_rotation()
    {
        var nodes = await StartAsync(3);
        foreach (var node in nodes)
        {
            node.Record(Backend, "x", successes: 0, failures: 3);
        }

        await RoundsAsync(3);

        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "x")));
        Assert.Equal(9, nodes[0].Verdicts.Get(Backend, "x")!.Requests);
    }

    [Fact]
    public async Task A_failure_ratio_below_the_breakers_keeps_the_destination_in_rotation()
    {
        var nodes = await StartAsync(4);
        foreach (var node in nodes)
        {
            node.Record(Backend, "x", successes: 4, failures: 3);
        }

        await RoundsAsync(3);

        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "x")));
    }

    [Fact]
    public async Task A_destination_taken_out_on_traffic_returns_on_trial_after_the_break_and_earlier_failures_no_longer_count()
    {
        var nodes = await StartAsync(3);
        foreach (var node in nodes)
        {
            node.Record(Backend, "x", successes: 0, failures: 5);
        }

        await RoundsAsync(2);
        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x")));

        // The breaker's BreakDuration (15 s) passes; the failures are still within the 10 s window of the trial's start.
        _time.Advance(TimeSpan.FromSeconds(12));
        await RoundsAsync(2);

        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "x")));
        Assert.Equal(0, nodes[0].Verdicts.Get(Backend, "x")!.Requests);

        // On trial, new failures take it out again.
        _time.Advance(TimeSpan.FromSeconds(2));
        foreach (var node in nodes)
        {
            node.Record(Backend, "x", successes: 0, failures: 4);
        }

        await RoundsAsync(3);
        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x")));
    }

    [Fact]
    public async Task Only_the_elected_probers_judge_a_destination_and_another_takes_over_when_one_leaves()
    {
        var nodes = await StartAsync(6);

        var probers = nodes.Where(node => node.Membership.IsProber(Backend, "x")).ToList();
        Assert.Equal(2, probers.Count);
        Assert.All(nodes, node => Assert.Equal(6, node.Membership.Instances));
        await RoundsAsync(1);
        var proberIds = probers.Select(node => node.Id).ToList();
        Assert.All(nodes, node => Assert.Contains(node.Verdicts.Get(Backend, "x")!.JudgedBy, proberIds));

        var leaving = probers[0];
        await leaving.Synchronizer.LeaveAsync(CancellationToken.None);
        _nodes.Remove(leaving);
        await RoundsAsync(2);

        var after = _nodes.Where(node => node.Membership.IsProber(Backend, "x")).ToList();
        Assert.Equal(2, after.Count);
        Assert.DoesNotContain(leaving, after);
        Assert.Contains(probers[1], after);
        await RoundsAsync(1);
        Assert.All(_nodes, node => Assert.Contains(node.Verdicts.Get(Backend, "x")!.JudgedBy, after.Select(prober => prober.Id)));
    }

    [Fact]
    public async Task A_probe_that_finds_the_destination_down_takes_it_out_everywhere_and_a_passing_probe_brings_it_back()
    {
        var nodes = await StartAsync(5);
        var prober = nodes.First(node => node.Membership.IsProber(Backend, "x"));

        Probe(prober, "x", succeeded: false);
        Assert.False(prober.IsOut(Backend, "x"));
        Probe(prober, "x", succeeded: false);
        Assert.True(prober.IsOut(Backend, "x"));

        await RoundsAsync(2);
        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x")));
        Assert.All(nodes, node => Assert.Equal(VerdictSource.Probe, node.Verdicts.Get(Backend, "x")!.Source));

        Probe(prober, "x", succeeded: true);
        await RoundsAsync(2);
        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "x")));
    }

    [Fact]
    public async Task While_storage_fails_an_instance_judges_alone_from_what_it_saw_and_rejoins_the_fleet_when_storage_returns()
    {
        var nodes = await StartAsync(3);
        _store.Failing = true;
        nodes[0].Record(Backend, "x", successes: 0, failures: 10);

        Assert.False(await nodes[0].SyncAsync());
        Assert.False(nodes[0].Membership.IsShared);
        Assert.True(nodes[0].Membership.IsProber(Backend, "y"));
        Assert.True(nodes[0].IsOut(Backend, "x"));

        _store.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await nodes[0].SyncAsync());
        Assert.True(nodes[0].Membership.IsShared);
        Assert.Equal(3, nodes[0].Membership.Instances);
    }

    [Fact]
    public async Task A_verdict_whose_probers_stopped_writing_expires_and_the_destination_returns_to_each_instances_own_judgement()
    {
        var nodes = await StartAsync(4);
        ProbeDown(nodes, "x");
        await RoundsAsync(2);
        var bystander = nodes.First(node => !node.Membership.IsProber(Backend, "x"));
        Assert.True(bystander.IsOut(Backend, "x"));

        // Only the bystander keeps syncing: the probers' rows outlive their lease, while their presence has not lapsed yet.
        _time.Advance(TimeSpan.FromSeconds(9));
        await bystander.SyncAsync();

        Assert.False(bystander.IsOut(Backend, "x"));
    }

    [Fact]
    public async Task A_deployment_sharing_the_table_with_a_same_named_destination_at_another_address_does_not_share_its_verdict()
    {
        var nodes = await StartAsync(3);
        ProbeDown(nodes, "x");
        await RoundsAsync(2);
        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x"), $"{node.Id} still routes to x."));

        var elsewhere = new FleetNode(_store, _time, new Dictionary<string, string?>(Settings) { ["Gateway:Backends:pool:Destinations:x"] = "http://127.0.0.1:3" });
        var sameServer = new FleetNode(_store, _time, Settings);
        _nodes.AddRange([elsewhere, sameServer]);
        await RoundsAsync(2);

        Assert.False(elsewhere.IsOut(Backend, "x"));
        Assert.True(sameServer.IsOut(Backend, "x"));
    }

    [Fact]
    public async Task A_destination_taken_out_and_then_pointed_at_a_new_address_returns_to_rotation_everywhere()
    {
        var nodes = await StartAsync(3);
        ProbeDown(nodes, "x");
        foreach (var node in nodes)
        {
            node.Record(Backend, "x", successes: 0, failures: 5);
        }

        await RoundsAsync(2);
        Assert.All(nodes, node => Assert.True(node.IsOut(Backend, "x"), $"{node.Id} still routes to x."));

        foreach (var node in nodes)
        {
            node.Reconfigure("Gateway:Backends:pool:Destinations:x", "http://127.0.0.1:3");
        }

        await RoundsAsync(3);

        Assert.All(nodes, node => Assert.False(node.IsOut(Backend, "x"), $"{node.Id} keeps x out after it moved."));
        Assert.All(nodes, node => Assert.Equal(0L, node.Verdicts.Get(Backend, "x")?.Failures ?? 0L));
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    /// <summary>The destination's first prober finds it down: two failed probes, the backend's failure threshold.</summary>
    private void ProbeDown(List<FleetNode> nodes, string destination)
    {
        var prober = nodes.First(node => node.Membership.IsProber(Backend, destination));
        Probe(prober, destination, succeeded: false);
        Probe(prober, destination, succeeded: false);
    }

    /// <summary>What the prober does when one of its probes concludes.</summary>
    private void Probe(FleetNode node, string destination, bool succeeded)
    {
        node.Probes.TryStart(Backend, destination, _time.GetUtcNow());
        node.Probes.Completed(Backend, destination, succeeded, failureThreshold: 2, _time.GetUtcNow());
        node.Synchronizer.Probed(Backend, destination);
    }

    private async Task<List<FleetNode>> StartAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _nodes.Add(new FleetNode(_store, _time, Settings));
        }

        // The first round of each writes its presence; the second lets every one see all the others.
        await RoundsAsync(2);
        return [.. _nodes];
    }

    /// <summary>
    /// Every node syncs once per round, in order: what a node writes reaches a prober that synced before it in the next
    /// round, and the prober's verdict the nodes before it in the round after, so a change needs up to three rounds.
    /// </summary>
    private async Task RoundsAsync(int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var node in _nodes)
            {
                Assert.True(await node.SyncAsync());
            }

            _time.Advance(TimeSpan.FromSeconds(2));
        }
    }
}
