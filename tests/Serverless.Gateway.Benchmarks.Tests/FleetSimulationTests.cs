using System.Globalization;
using Serverless.Gateway.Benchmarks.Fleet;
using Serverless.Gateway.Benchmarks.Suite;
using Xunit.Abstractions;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// The fleet simulation's quick form: small fleets running the gateway's real limiter on a fake clock, each in a
/// second or two, checked against docs/auth-and-rate-limits.md's bound in every window and against Azure's scalability
/// targets, where the current algorithm meets them. With the default SyncInterval it does at 4 instances; at 25 one
/// busy key already asks its partition for about 2,600 entities/s (N × (N + 1) / SyncInterval), so the 25-instance
/// cases check the bound with the defaults and the targets with a one-second SyncInterval.
/// </summary>
public sealed class FleetSimulationTests(ITestOutputHelper output)
{
    private static readonly FleetVariant Current = new("current", new Dictionary<string, string?>());
    private static readonly FleetVariant SyncEverySecond = new("current, SyncInterval 1 s", new Dictionary<string, string?> { ["SyncInterval"] = "00:00:01" });

    public static TheoryData<string> FourInstanceScenarios() => ["steady", "bursty"];

    [Theory]
    [MemberData(nameof(FourInstanceScenarios))]
    public void Four_instances_sharing_a_few_keys_keep_every_window_within_the_bound_and_storage_within_azures_targets(string shape)
    {
        var scenario = shape == "steady"
            ? new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(20))
            : new FleetScenario("4 × 10 keys, bursty", 4, 10, LoadShape.Bursty, FleetPolicy.PerSecond, 500, TimeSpan.FromSeconds(20));

        var run = Simulate(scenario, Current);

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

        var run = Simulate(scenario, Current);

        Assert.Equal(30, run.InstancesStarted);
        Assert.True(run.Accuracy.Windows >= 8);
        Assert.Equal(0, run.Accuracy.WindowsOverBound);
        Assert.True(run.Accuracy.MaxAdmittedOverBudget <= 1);
    }

    [Fact]
    public void Twenty_five_instances_syncing_every_second_keep_every_window_within_the_bound_and_storage_within_azures_targets()
    {
        var scenario = new FleetScenario("25 × 4 keys, steady", 25, 4, LoadShape.Steady, FleetPolicy.PerSecond, 250, TimeSpan.FromSeconds(30));

        var run = Simulate(scenario, SyncEverySecond);

        Assert.Equal(0, run.Accuracy.WindowsOverBound);
        Assert.Equal(0, run.FailedRounds);
        Assert.True(run.Storage.WithinTargets, $"Hottest partition {run.Storage.PartitionEntitiesMax} entities/s, {run.Storage.Throttled} throttled.");
    }

    [Fact]
    public void Where_nothing_is_throttled_storage_use_is_what_the_cost_formula_predicts()
    {
        var run = Simulate(new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(20)), Current);

        Assert.Equal(0, run.Storage.Throttled);
        Assert.InRange(run.Storage.AccountTransactionsMax, 0.9 * run.Prediction.AccountTransactionsPerSecond, 1.1 * run.Prediction.AccountTransactionsPerSecond);
        Assert.InRange(run.Storage.PartitionEntitiesMax, 0.9 * run.Prediction.PartitionEntitiesPerSecond, 1.1 * run.Prediction.PartitionEntitiesPerSecond);
    }

    [Fact]
    public void A_scenario_simulated_twice_gives_the_same_figures()
    {
        var scenario = new FleetScenario("25 × 4 keys, churn", 25, 4, LoadShape.Bursty, FleetPolicy.PerSecond, 300, TimeSpan.FromSeconds(20))
        {
            Events = FleetScenarios.Churn(25),
        };

        var first = Simulate(scenario, Current);
        var second = Simulate(scenario, Current);

        Assert.Equal(first.Accuracy, second.Accuracy);
        Assert.Equal(Figures(first), Figures(second));
        Assert.True(first.Storage.Throttled > 0, "The case should include throttled operations and failed rounds, the least ordered part of a run.");
    }

    [Fact]
    public void The_report_has_a_row_per_scenario_and_variant_with_the_formula_beside_the_measured_figures()
    {
        var scenario = new FleetScenario("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, TimeSpan.FromSeconds(5));
        var options = new FleetOptions { Scenarios = [scenario], Variants = [Current, SyncEverySecond] };

        var result = FleetBenchmark.Run(options, TextWriter.Null, CancellationToken.None);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        result.WriteMarkdown(writer);
        var report = writer.ToString();
        output.WriteLine(report);

        Assert.StartsWith("## Fleet simulation", report, StringComparison.Ordinal);
        Assert.Single(result.Runs, run => run.Variant == SyncEverySecond);
        foreach (var variant in (string[])["current", "current, SyncInterval 1 s"])
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
