using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>The distributed rate-limit benchmark's runs, and its report against the issue's two targets.</summary>
public sealed class DistributedLimitResult(DistributedLimitOptions options, IReadOnlyList<DistributedLimitRun> runs)
{
    /// <summary>At most this much over the allowed count under overload (the issue's target).</summary>
    public const double ExcessTargetPercent = 5;

    /// <summary>Storage operations per second at the highest load may be at most this multiple of those at the lowest: sync rounds jitter.</summary>
    public const double CostGrowthTolerance = 1.2;

    public DistributedLimitOptions Options { get; } = options;

    public IReadOnlyList<DistributedLimitRun> Runs { get; } = runs;

    /// <summary>The machine's one-minute load average at the end of the runs.</summary>
    public double LoadAverage { get; init; }

    public IEnumerable<DistributedLimitRun> Overloaded => Runs.Where(static run => run.LoadFactor > 1);

    public bool AccuracyMet => Overloaded.Any() && Overloaded.All(static run => run.ExcessPercent <= ExcessTargetPercent);

    /// <summary>Rate-limit table operations per second at the highest load over those at the lowest.</summary>
    public double CostGrowth => Runs.Count < 2 ? double.NaN
        : Runs.MaxBy(static run => run.LoadFactor)!.LimiterOperationsPerSecond / Runs.MinBy(static run => run.LoadFactor)!.LimiterOperationsPerSecond;

    public bool CostMet => CostGrowth <= CostGrowthTolerance;

    public IEnumerable<DistributedLimitRun> Underloaded => Runs.Where(static run => run.LoadFactor <= 1);

    public bool Consistent => Runs.All(static run => run.BackendRequests == run.Admitted && run.OtherAnswers == 0);

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var o = Options;
        writer.WriteLine("## Distributed rate limiting");
        writer.WriteLine();
        writer.WriteLine(Invariant($"{o.Instances} gateway processes (Release build, `dotnet Serverless.Gateway.dll`) share one in-memory Azurite and one tenant's API key; the route authenticates the key and applies the plan's policy: {o.Limit} requests per 1 s window, burst {o.Burst?.ToString(CultureInfo.InvariantCulture) ?? "none"}, sync interval {o.SyncInterval.TotalMilliseconds:0} ms. The load is open-loop from the benchmark process (the total split evenly into a constant rate per gateway, each request sent on schedule whether or not earlier ones were answered) for {o.Windows} whole windows per run, each run after an idle window. .NET {Environment.Version}, {Environment.ProcessorCount} cores shared by everything (load average {LoadAverage:0.0} at the end), {DateTime.UtcNow:yyyy-MM-dd}."));
        writer.WriteLine();
        writer.WriteLine("| load | offered req/s | sent | windows | allowed | admitted (200) | excess | refused (429) | other answers | backend requests | latency p50 / p99 |");
        writer.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in Runs)
        {
            writer.WriteLine(Invariant($"| {DistributedLimitBenchmark.Load(run.LoadFactor)} | {run.OfferedPerSecond:N0} | {run.Sent:N0} | {run.Windows} | {run.Allowed:N0} | {run.Admitted:N0} | {(run.LoadFactor > 1 ? Invariant($"{run.ExcessPercent:+0.0;-0.0}%") : "under the limit")} | {run.Refused:N0} | {run.OtherAnswers} | {run.BackendRequests:N0} | {run.LatencyP50.TotalMilliseconds:0.0} / {run.LatencyP99.TotalMilliseconds:0.0} ms |"));
        }

        writer.WriteLine();
        writer.WriteLine("| load | measured | rate-limit table ops | ops/s | counter queries / batches | presence | other (deletes, create) | counter partitions | rounds on schedule | stated bound ops/s | key table ops | other tables |");
        writer.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in Runs)
        {
            writer.WriteLine(Invariant($"| {DistributedLimitBenchmark.Load(run.LoadFactor)} | {run.StorageDuration.TotalSeconds:0.00} s | {run.LimiterOperations:N0} | {run.LimiterOperationsPerSecond:0.0} | {run.CounterQueries} / {run.CounterBatches} | {run.PresenceOperations} | {run.OtherLimiterOperations} | {run.CounterPartitions} | {run.RoundsOnSchedule * 100:0}% | {run.OperationsBound:0} | {run.KeyTableOperations} | {run.OtherTableOperations} |"));
        }

        writer.WriteLine();
        writer.WriteLine("Allowed is the limit times the windows from the first request sent to the last answer received, plus the burst's extra once (the idle window before each run leaves it unused). Storage operations are every HTTP request the gateways sent to Azurite's table port while the load ran, counted by a forwarder in front of it, per table: each query and each entity group transaction is one operation. Key creation went to Azurite directly and is not counted; queues are not forwarded (the gateways run with `Functions:Triggers:Enabled=false`, as a pure proxy). docs/auth-and-rate-limits.md's bound is (N × (2 × counter partitions + 0.5) + 2 × counter partitions + 0.5) / SyncInterval: per instance and round, its grant read and one transaction per partition in use, plus a presence write and lease read every fourth round, and per partition its coordinator's read of the shards and grant transaction each round; the partitions here are the tenant's rate-limit counter and its day and month quota counters (a plan's quotas are counted even when unlimited).");
        writer.WriteLine();
        WriteTargets(writer);
    }

    private void WriteTargets(TextWriter writer)
    {
        var overloaded = string.Join("; ", Overloaded.Select(static run =>
            Invariant($"{DistributedLimitBenchmark.Load(run.LoadFactor)}: {run.Admitted:N0} admitted of {run.Allowed:N0} allowed ({run.ExcessPercent:+0.0;-0.0}%)")));
        writer.WriteLine(!Overloaded.Any()
            ? "- **Accuracy: not measured** (no run above 1x)."
            : Invariant($"- **Accuracy, at most {ExcessTargetPercent:0}% over the limit with {Options.Instances} instances: {(AccuracyMet ? "met" : "missed")}.** {overloaded}.{(AccuracyMet ? "" : MissedAccuracy())}"));
        var rates = string.Join(", ", Runs.Select(static run => Invariant($"{run.LimiterOperationsPerSecond:0.0}/s at {DistributedLimitBenchmark.Load(run.LoadFactor)}")));
        writer.WriteLine(Runs.Count < 2
            ? Invariant($"- **Storage cost: not measured** (one load only: {rates}).")
            : Invariant($"- **Storage operations per second do not grow with the request rate: {(CostMet ? "met" : "missed")}.** {rates}; highest load over lowest {CostGrowth:0.00} (tolerance {CostGrowthTolerance:0.0}); docs/auth-and-rate-limits.md's bound for these partitions is {Runs.Max(static run => run.OperationsBound):0}/s."));
        if (Underloaded.Any())
        {
            writer.WriteLine(Invariant($"- Under the limit nothing is refused: {(Underloaded.All(static run => run.Refused == 0) ? "met" : "missed")}. {string.Join("; ", Underloaded.Select(static run => Invariant($"{DistributedLimitBenchmark.Load(run.LoadFactor)}: {run.Refused} of {run.Sent:N0} refused")))}."));
        }

        writer.WriteLine(Consistent
            ? "- Consistency: in every run the backend received exactly the admitted requests, and every other answer was 429."
            : "- **Consistency: failed.** " + string.Join("; ", Runs.Where(static run => run.BackendRequests != run.Admitted || run.OtherAnswers != 0).Select(static run =>
                Invariant($"{DistributedLimitBenchmark.Load(run.LoadFactor)}: backend {run.BackendRequests} vs admitted {run.Admitted}, {run.OtherAnswers} answers neither 200 nor 429 ({string.Join(", ", run.Outcomes.Where(static o => o.Status is not (200 or 429)).GroupBy(static o => o.Status).Select(static g => Invariant($"{g.Count()}× {(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}")))})"))) + ".");
        writer.WriteLine();
    }

    /// <summary>What the missed runs show about why: late sync rounds mean allowances set from stale counts.</summary>
    private string MissedAccuracy() => " " + string.Join(" ", Overloaded.Where(static run => run.ExcessPercent > ExcessTargetPercent).Select(static run =>
        Invariant($"At {DistributedLimitBenchmark.Load(run.LoadFactor)} the sync rounds ran at {run.RoundsOnSchedule * 100:0}% of their schedule ({run.LimiterOperationsPerSecond:0.0} of {run.OperationsBound:0} operations/s) and answers took {run.LatencyP99.TotalMilliseconds:0} ms at p99{(run.RoundsOnSchedule < 0.8 ? ": the processes were waiting for the cores (see the load average), so the instances set their allowances from stale counts." : ".")}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
