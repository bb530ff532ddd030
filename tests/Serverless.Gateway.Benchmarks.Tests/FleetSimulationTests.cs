using System.Globalization;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Suite;
using Xunit.Abstractions;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// The fleet simulation's quick form: fleets running the gateway's real limiter on a fake clock, each in seconds,
/// checked against docs/auth-and-rate-limits.md's bound in every window and against Azure's scalability targets, in
/// coordinator mode (the default); peer mode is run beside it where it shows what coordinator mode is for: at 25
/// instances one busy key already asks its partition for about 2,600 entities/s (N × (N + 1) / SyncInterval).
/// </summary>
public sealed class FleetSimulationTests(ITestOutputHelper output)
{
    private static readonly FleetVariant Coordinator = FleetVariants.All.Single(variant => variant.Settings["Coordination"] == "Coordinator");
    private static readonly FleetVariant Peers = FleetVariants.All.Single(variant => variant.Settings["Coordination"] == "Peers");

    public static TheoryData<string> FourInstanceScenarios() => ["steady", "bursty"];

    [Theory]
    [MemberData(nameof(FourInstanceScenarios))]
    public void Four_instances_sharing_a_few_keys_keep_every_window_within_the_bound_and_storage_within_azures_targets(string shape)
    {
        var scenario = shape == "steady"
            ? new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(20))
            : new FleetScenario("4 × 10 keys, bursty", 4, 10, LoadShape.Bursty, FleetPolicy.PerSecond, 500, TimeSpan.FromSeconds(20));

        var run = Simulate(scenario, Coordinator);

        Assert.True(run.Accuracy.Windows >= 20);
        Assert.Equal(0, run.Accuracy.WindowsOverBound);
        Assert.Equal(0, run.FailedRounds);
        Assert.True(run.Storage.WithinTargets, $"Hottest partition {run.Storage.PartitionEntitiesMax} entities/s, account {run.Storage.AccountTransactionsMax} transactions/s, {run.Storage.Throttled} throttled.");
        Assert.True(run.Accuracy.Utilisation > 0.9, $"Utilisation {run.Accuracy.Utilisation:P1}.");
    }

    [Fact]
    public void Twenty_five_instances_joining_leaving_stalling_and_crashing_keep_every_window_within_the_bound()
    {
        var scenario = new FleetScenario("25 × 4 keys, churn", 25, 4, LoadShape.Steady, FleetPolicy.PerMinute, 30, TimeSpan.FromMinutes(2))
        {
            Events = FleetScenarios.Churn(25),
        };

        var run = Simulate(scenario, Coordinator);

        Assert.Equal(30, run.InstancesStarted);
        Assert.True(run.Accuracy.Windows >= 8);
        Assert.Equal(0, run.Accuracy.WindowsOverBound);
        Assert.True(run.Accuracy.MaxAdmittedOverBudget <= 1);
    }

    [Fact]
    public void Twenty_five_instances_keep_storage_within_azures_targets_where_peer_reads_go_past_them()
    {
        var scenario = new FleetScenario("25 × 4 keys, steady", 25, 4, LoadShape.Steady, FleetPolicy.PerSecond, 250, TimeSpan.FromSeconds(30));

        var coordinated = Simulate(scenario, Coordinator);
        var peers = Simulate(scenario, Peers);

        Assert.Equal(0, coordinated.Accuracy.WindowsOverBound);
        Assert.Equal(0, coordinated.FailedRounds);
        Assert.True(coordinated.Storage.WithinTargets, $"Hottest partition {coordinated.Storage.PartitionEntitiesMax} entities/s, {coordinated.Storage.Throttled} throttled.");
        Assert.False(peers.Storage.WithinTargets, $"Peer reads: hottest partition {peers.Storage.PartitionEntitiesMax} entities/s.");
    }

    [Fact]
    public void A_hundred_instances_sharing_a_thousand_lightly_used_keys_keep_every_window_within_the_bound_and_storage_within_azures_targets()
    {
        var scenario = new FleetScenario("100 × 1,000 keys, steady", 100, 1_000, LoadShape.Steady, FleetPolicy.PerMinute, 50, TimeSpan.FromSeconds(90));

        var run = Simulate(scenario, Coordinator);

        Assert.Equal(0, run.Accuracy.WindowsOverBound);
        Assert.True(run.Storage.WithinTargets, $"Hottest partition {run.Storage.PartitionEntitiesMax} entities/s, account {run.Storage.AccountTransactionsMax} transactions/s, {run.Storage.Throttled} throttled.");
    }

    [Fact]
    public void Where_nothing_is_throttled_storage_use_is_what_the_cost_formula_predicts()
    {
        foreach (var variant in (FleetVariant[])[Coordinator, Peers])
        {
            var run = Simulate(new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(20)), variant);

            Assert.Equal(0, run.Storage.Throttled);
            Assert.InRange(run.Storage.AccountTransactionsMax, 0.8 * run.Prediction.AccountTransactionsPerSecond, 1.2 * run.Prediction.AccountTransactionsPerSecond);
            Assert.InRange(run.Storage.PartitionEntitiesMax, 0.8 * run.Prediction.PartitionEntitiesPerSecond, 1.2 * run.Prediction.PartitionEntitiesPerSecond);
        }
    }

    [Fact]
    public void A_scenario_simulated_twice_gives_the_same_figures()
    {
        var scenario = new FleetScenario("25 × 4 keys, churn", 25, 4, LoadShape.Bursty, FleetPolicy.PerSecond, 300, TimeSpan.FromSeconds(20))
        {
            Events = FleetScenarios.Churn(25),
        };

        var first = Simulate(scenario, Peers);
        var second = Simulate(scenario, Peers);

        Assert.Equal(first.Accuracy, second.Accuracy);
        Assert.Equal(Figures(first), Figures(second));
        Assert.True(first.Storage.Throttled > 0, "The case should include throttled operations and failed rounds, the least ordered part of a run.");
    }

    [Fact]
    public void The_report_has_a_row_per_scenario_and_variant_with_the_formula_beside_the_measured_figures()
    {
        var scenario = new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(5));
        var options = new FleetOptions { Scenarios = [scenario], Variants = [Peers, Coordinator] };

        var result = FleetBenchmark.Run(options, TextWriter.Null, CancellationToken.None);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        result.WriteMarkdown(writer);
        var report = writer.ToString();
        output.WriteLine(report);

        Assert.StartsWith("## Fleet simulation", report, StringComparison.Ordinal);
        Assert.Single(result.Runs, run => run.Variant == Coordinator);
        foreach (var variant in FleetVariants.All.Select(variant => System.Text.RegularExpressions.Regex.Escape(variant.Name)))
        {
            Assert.Matches($@"\| 4 × 1 key, steady \| {variant} \| [0-9,]+ \| [0-9,]+ \|", report);
            Assert.Matches($@"\| 4 × 1 key, steady \| {variant} \| `[^`]+` \| [0-9,]+ / [0-9,]+ \| [0-9,]+ \(`[^`]+`\) \| [0-9,]+ / [0-9,]+ \| [0-9,]+ / [0-9,]+ \| [0-9,]+ \|", report);
        }
    }

    [Fact]
    public void The_suite_runs_the_full_matrix_and_its_quick_run_the_short_form_with_the_issues_two_scenarios()
    {
        var full = SuiteCommand.Parse([], "/repo").Fleet;
        var quick = SuiteCommand.Parse(["--quick"], "/repo").Fleet;

        Assert.Equal((FleetScenarios.Full, false), (full.Scenarios, full.IsQuick));
        Assert.Equal((FleetScenarios.Quick, true), (quick.Scenarios, quick.IsQuick));
        foreach (var name in FleetResult.TargetScenarios)
        {
            Assert.Contains(full.Scenarios, scenario => scenario.Name.StartsWith(name, StringComparison.Ordinal));
            Assert.Contains(quick.Scenarios, scenario => scenario.Name.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Equal(FleetVariants.All, full.Variants);
    }

    private static (long, long, long, long, long, long, long) Figures(FleetRun run) => (
        run.Storage.PartitionEntitiesMax, run.Storage.PartitionEntitiesP99, run.Storage.AccountTransactionsMax, run.Storage.Transactions, run.Storage.Throttled, run.Rounds, run.FailedRounds);

    private FleetRun Simulate(FleetScenario scenario, FleetVariant variant)
    {
        var run = FleetSimulation.Run(scenario, variant);
        output.WriteLine(
            $"{scenario.Describe()} / {variant.Name}: {run.Accuracy.Admitted} of {run.Accuracy.Requests} admitted, at most {run.Accuracy.MaxAdmittedOverBudget:0.00} B, " +
            $"{run.Accuracy.WindowsOverBound} of {run.Accuracy.Windows} windows over the bound, utilisation {run.Accuracy.Utilisation:P1}; " +
            $"hottest partition {run.Storage.PartitionEntitiesMax} entities/s (formula {run.Prediction.PartitionEntitiesPerSecond:0}), account {run.Storage.AccountTransactionsMax} transactions/s " +
            $"(formula {run.Prediction.AccountTransactionsPerSecond:0}), {run.Storage.Throttled} throttled; {run.FailedRounds} of {run.Rounds} rounds failed; {run.Elapsed.TotalSeconds:0.0} s.");
        return run;
    }
}
