using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>The fleet simulation's runs and its section of RESULTS.md.</summary>
public sealed class FleetResult(FleetOptions options, IReadOnlyList<FleetRun> runs)
{
    /// <summary>The issue's two scenarios that a limiter must keep within the bound and Azure's targets.</summary>
    public static IReadOnlyList<string> TargetScenarios { get; } = ["100 × 1,000 keys", "1,000 × 100 keys"];

    public FleetOptions Options { get; } = options;

    public IReadOnlyList<FleetRun> Runs { get; } = runs;

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Fleet simulation");
        writer.WriteLine();
        writer.WriteLine(Invariant($"The gateway's own rate limiter (the decisions, the sync rounds and the counters of `functions/Serverless.Gateway/RateLimiting`) for every instance of a fleet, each in a DI container of its own, in one process: on one fake clock, single-threaded, with seeded randomness, so the same commit gives the same figures. Storage is a model of Azure Table Storage with its documented scalability targets: up to {TableStorageModel.PartitionEntitiesPerSecond:N0} entities/s per partition and {TableStorageModel.AccountTransactionsPerSecond:N0} transactions/s per account (1 KiB entities; [Azure's targets for Table storage](https://learn.microsoft.com/en-us/azure/storage/tables/scalability-targets)); an operation that would take a partition or the account past a target in a second of simulated time is throttled with 503 Server Busy, and every operation takes a log-normal latency (median {LogNormalLatency.AzureTable.Median.TotalMilliseconds:0} ms, p99 {LogNormalLatency.AzureTable.P99.TotalMilliseconds:0} ms). Requests arrive as Poisson streams and go to a serving instance picked at random. benchmarks/README.md's fleet section states the model's assumptions.{(Options.IsQuick ? " **Quick form** (`--quick`): fewer and shorter scenarios." : string.Empty)}"));
        writer.WriteLine();
        WriteScenarios(writer);
        WriteAccuracy(writer);
        WriteStorage(writer);
        WriteTargets(writer);
    }

    private static string Rows(long value) => Invariant($"{value:N0}");

    private void WriteScenarios(TextWriter writer)
    {
        writer.WriteLine("| scenario | instances | keys | load | policy (no burst) | offered req/s | mean demand per key | events | simulated |");
        writer.WriteLine("|---|---:|---:|---|---|---:|---|---|---:|");
        foreach (var scenario in Runs.Select(static run => run.Scenario).Distinct())
        {
            var demand = scenario.DemandFactors;
            writer.WriteLine(Invariant($"| {scenario.Name} | {scenario.Instances:N0} | {scenario.Keys:N0} | {scenario.Shape.ToString().ToLowerInvariant()} | {scenario.Policy} | {scenario.OfferedPerSecond:N0} | {Range(demand)} the limit, {demand.Count(static factor => factor > 1):N0} of {scenario.Keys:N0} above it | {(scenario.Events.Count == 0 ? "none" : string.Join(", ", scenario.Events))} | {scenario.Duration.TotalSeconds:0} s |"));
        }

        writer.WriteLine();
    }

    private void WriteAccuracy(TextWriter writer)
    {
        writer.WriteLine("| scenario | variant | requests | admitted | key-windows | max admitted / B | windows over B | over the bound (of them fail-open) | max excess in ceil(B/N) | admitted fail-open | utilisation | failed rounds | took |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in Runs)
        {
            var a = run.Accuracy;
            writer.WriteLine(Invariant($"| {run.Scenario.Name} | {run.Variant.Name} | {a.Requests:N0} | {a.Admitted:N0} | {a.Windows:N0} | {a.MaxAdmittedOverBudget:0.00} | {a.WindowsOverBudget:N0} | {a.WindowsOverBound:N0} ({a.WindowsOverBoundFailOpen:N0}) | {Math.Max(0, a.MaxExcessInSplits):0.0} | {a.AdmittedFailOpen:N0} | {a.Utilisation * 100:0.0}% | {run.FailedRounds:N0} of {run.Rounds:N0} | {run.Elapsed.TotalSeconds:0.0} s |"));
        }

        writer.WriteLine();
        writer.WriteLine("B is a window's budget (the policy's limit). The bound is docs/auth-and-rate-limits.md's: admitted ≤ B + the even splits ceil(B / n) that counters new to an instance or back from idle (no request for the key within 2 × SyncInterval + StorageTimeout) could start their window and the next with, n being the fewest instances that instance knew of in the window; an instance that never read the presence rows knows only itself, so its splits are all of B. \"Fail-open\" windows had an admission by an instance whose last round failed (deciding alone, outside the bound). Max excess is (admitted − B) in units of ceil(B / N), N the scenario's instances. Utilisation is Σ min(admitted, B) ÷ Σ min(requests, B) over the windows.");
        writer.WriteLine();
    }

    private void WriteStorage(TextWriter writer)
    {
        writer.WriteLine(Invariant($"| scenario | variant | hottest partition | partition entities/s max / p99 (target {TableStorageModel.PartitionEntitiesPerSecond:N0}) | formula | partition transactions/s max / p99 | account transactions/s max / p99 (target {TableStorageModel.AccountTransactionsPerSecond:N0}) | formula | account entities/s max / p99 | transactions | throttled | within targets |"));
        writer.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in Runs)
        {
            var s = run.Storage;
            var p = run.Prediction;
            writer.WriteLine(Invariant($"| {run.Scenario.Name} | {run.Variant.Name} | `{s.HottestPartition ?? "none"}` | {Rows(s.PartitionEntitiesMax)} / {Rows(s.PartitionEntitiesP99)} | {p.PartitionEntitiesPerSecond:N0} (`{p.HottestPartition}`) | {Rows(s.PartitionTransactionsMax)} / {Rows(s.PartitionTransactionsP99)} | {Rows(s.AccountTransactionsMax)} / {Rows(s.AccountTransactionsP99)} | {p.AccountTransactionsPerSecond:N0} | {Rows(s.AccountEntitiesMax)} / {Rows(s.AccountEntitiesP99)} | {Rows(s.Transactions)} | {Rows(s.Throttled)} ({(s.Transactions == 0 ? 0 : 100.0 * s.Throttled / s.Transactions):0.0}%) | {Within(s)} |"));
        }

        writer.WriteLine();
        writer.WriteLine("Storage figures are what the instances asked for in each second of the measured span, throttled operations included (the model serves at most the targets); the hottest partition is the one with the most entities asked for in a second, and the partition p99s are over every second of every partition used. \"Formula\" is the variant's predicted cost; for the current algorithm, its cost worked out from docs/auth-and-rate-limits.md's storage cost, with every instance using every key: per instance and SyncInterval, one query per partition in use reading every row in it (a transaction per 1,000 rows) and one batch per 100 of its rows, plus a presence write and a read of all N rows every fourth round. Where operations are throttled, rounds wait on the SDK's retries (about 0.8 s, then 1.6 s) and many fail at the 2 s storage timeout, so instances run fewer rounds and ask for less than the formula; a throttled try counts each time it is sent.");
        writer.WriteLine();
    }

    private void WriteTargets(TextWriter writer)
    {
        foreach (var name in TargetScenarios)
        {
            foreach (var run in Runs.Where(run => run.Scenario.Name.StartsWith(name, StringComparison.Ordinal)))
            {
                var met = run.Accuracy.WindowsOverBound == 0 && run.Storage.WithinTargets;
                writer.WriteLine(Invariant($"- **{run.Scenario.Name}, {run.Variant.Name}: admitted within the bound in every window and storage within Azure's targets: {(met ? "met" : "missed")}.** {run.Accuracy.WindowsOverBound:N0} of {run.Accuracy.Windows:N0} windows over the bound, at most {run.Accuracy.MaxAdmittedOverBudget:0.00} × B; hottest partition {Rows(run.Storage.PartitionEntitiesMax)} entities/s (formula {run.Prediction.PartitionEntitiesPerSecond:N0}), account {Rows(run.Storage.AccountTransactionsMax)} transactions/s (formula {run.Prediction.AccountTransactionsPerSecond:N0}), {Rows(run.Storage.Throttled)} operations throttled, {run.FailedRounds:N0} of {run.Rounds:N0} rounds failed."));
            }
        }

        writer.WriteLine();
    }

    /// <summary>Which of Azure's targets a run stayed within: the partitions' and the account's.</summary>
    private static string Within(StorageUsage storage) => (storage.PartitionsWithinTarget, storage.AccountWithinTarget) switch
    {
        (true, true) when storage.Throttled == 0 => "yes",
        (true, true) => "**no**: throttled",
        (false, true) => "**no**: partition; account yes",
        (true, false) => "**no**: account; partitions yes",
        _ => "**no**: partition and account",
    };

    private static string Range(double[] factors) => factors.Min() == factors.Max() ? Factor(factors.Min()) : $"{Factor(factors.Min())}–{Factor(factors.Max())}";

    private static string Factor(double factor) => factor < 0.01 ? "<0.01x" : Invariant($"{factor:0.##}x");
}
