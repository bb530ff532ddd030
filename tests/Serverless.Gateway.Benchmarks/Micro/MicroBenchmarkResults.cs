using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>The micro-benchmarks' figures, and the report section that states them against the hot-path targets.</summary>
public sealed class MicroBenchmarkResults
{
    /// <summary>The issue's target for the per-request decisions: under a microsecond, and nothing allocated.</summary>
    private const double TargetNanoseconds = 1_000;

    private MicroBenchmarkResults(IReadOnlyList<MicroBenchmarkRow> rows, IReadOnlyList<string> failed)
    {
        Rows = rows;
        Failed = failed;
    }

    /// <summary>Every benchmark that produced a result, in the order they ran.</summary>
    public IReadOnlyList<MicroBenchmarkRow> Rows { get; }

    /// <summary>Benchmarks that ran but produced no result (their set-up or method threw), as <c>Class.Method</c>.</summary>
    public IReadOnlyList<string> Failed { get; }

    public static MicroBenchmarkResults From(IEnumerable<Summary> summaries)
    {
        var rows = new List<MicroBenchmarkRow>();
        var failed = new List<string>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var descriptor = report.BenchmarkCase.Descriptor;
                if (report is { Success: true, ResultStatistics: { } statistics })
                {
                    rows.Add(new MicroBenchmarkRow(
                        descriptor.Type.Name, descriptor.WorkloadMethod.Name, statistics.Mean, statistics.ConfidenceInterval.Margin,
                        statistics.StandardDeviation, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)));
                }
                else
                {
                    failed.Add($"{descriptor.Type.Name}.{descriptor.WorkloadMethod.Name}");
                }
            }
        }

        return new MicroBenchmarkResults(rows, failed);
    }

    public void WriteMarkdown(TextWriter writer)
    {
        writer.WriteLine("## Hot path (BenchmarkDotNet)");
        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"In process, {HotPathConfig.WarmupCount} warm-ups and {HotPathConfig.IterationCount} iterations per benchmark, on .NET {Environment.Version} with {Environment.ProcessorCount} cores. Mean time and bytes allocated per operation."));
        writer.WriteLine();
        writer.WriteLine("| Benchmark | Mean | Allocated |");
        writer.WriteLine("|---|---:|---:|");
        foreach (var row in Rows)
        {
            writer.WriteLine($"| {row.Name} | {Time(row.MeanNanoseconds)} | {Bytes(row.AllocatedBytes)} |");
        }

        writer.WriteLine();
        WriteTarget(writer, "Cached API key check", nameof(ApiKeyCheckBenchmarks), nameof(ApiKeyCheckBenchmarks.ValidCachedKey));
        WriteTarget(writer, "Rate-limit decision", nameof(RateLimitDecisionBenchmarks), nameof(RateLimitDecisionBenchmarks.RateLimitDecision));
        WriteTarget(writer, "Cached identity assertion", nameof(IdentityAssertionBenchmarks), nameof(IdentityAssertionBenchmarks.CachedAssertion));
        if (Failed.Count > 0)
        {
            writer.WriteLine($"- No result (the benchmark failed): {string.Join(", ", Failed)}.");
        }
    }

    private void WriteTarget(TextWriter writer, string what, string benchmarkClass, string method)
    {
        var target = $"{what} under 1 µs allocating nothing";
        if (Rows.FirstOrDefault(row => row.Class == benchmarkClass && row.Method == method) is not { } row)
        {
            writer.WriteLine($"- {target}: not measured.");
            return;
        }

        var met = row.MeanNanoseconds < TargetNanoseconds && row.AllocatedBytes == 0;
        writer.WriteLine($"- {target}: **{(met ? "met" : "not met")}** ({Time(row.MeanNanoseconds)}, {Bytes(row.AllocatedBytes)}).");
    }

    /// <summary>Three significant digits in the largest unit that keeps the value at 1 or more: 86.3 ns, 1.40 µs, 152 µs.</summary>
    private static string Time(double nanoseconds)
    {
        var (value, unit) = nanoseconds switch
        {
            < 1e3 => (nanoseconds, "ns"),
            < 1e6 => (nanoseconds / 1e3, "µs"),
            _ => (nanoseconds / 1e6, "ms"),
        };
        var format = value switch
        {
            < 10 => "0.00",
            < 100 => "0.0",
            _ => "0",
        };
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + unit;
    }

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "n/a",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
    };
}
