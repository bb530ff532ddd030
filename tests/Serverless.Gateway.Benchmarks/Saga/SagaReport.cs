using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>Prints a run's figures as Markdown tables.</summary>
public static class SagaReport
{
    public static void Print(TextWriter output, SagaBenchmarkOptions options, SagaLoadResult run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        var wall = run.WallTime;
        var reads = run.Orders.Sum(static order => order.Reads.Count);
        var failedReads = run.Orders.Sum(static order => order.PollErrors);

        output.WriteLine();
        output.WriteLine(Invariant($"| result | value |"));
        output.WriteLine("|---|---:|");
        output.WriteLine(Invariant($"| orders placed | {run.Orders.Count} |"));
        output.WriteLine(Invariant($"| Completed | {run.Completed} |"));
        output.WriteLine(Invariant($"| ended Cancelled or NeedsAttention | {run.EndedOtherwise} |"));
        output.WriteLine(Invariant($"| not accepted, or not terminal within {options.OrderTimeout.TotalSeconds:0} s | {run.NotTerminal} |"));
        output.WriteLine(Invariant($"| wall time, first POST to last terminal status | {wall.TotalSeconds:0.00} s |"));
        output.WriteLine(Invariant($"| completed sagas/s | {(wall > TimeSpan.Zero ? run.Completed / wall.TotalSeconds : 0):0.0} |"));
        output.WriteLine(Invariant($"| status reads (of them failed) | {reads + failedReads} ({failedReads}) |"));
        output.WriteLine();
        output.WriteLine("| latency | p50 | p99 | max |");
        output.WriteLine("|---|---:|---:|---:|");
        Row(output, "POST /orders to terminal status seen", run.Orders.Select(static order => order.TerminalLatency));
        Row(output, "POST /orders answered (202)", run.Orders.Select(static order => order.PostLatency));
        Row(output, "GET /orders/{id} answered (each status read)", run.Orders.SelectMany(static order => order.Reads).Cast<TimeSpan?>());
        Row(output, "saga as stored (createdAt to terminal updatedAt)", run.Orders.Select(static order => order.StoredDuration));
        output.WriteLine();
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static void Row(TextWriter output, string name, IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToArray();
        output.WriteLine(sorted.Length == 0
            ? $"| {name} | - | - | - |"
            : Invariant($"| {name} | {Milliseconds(Percentile(sorted, 50))} | {Milliseconds(Percentile(sorted, 99))} | {Milliseconds(sorted[^1])} |"));
    }

    private static string Milliseconds(TimeSpan value) => Invariant($"{value.TotalMilliseconds:0.0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
