using Serverless.Gateway.Benchmarks.Reporting;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>Prints a run's figures as Markdown tables, in the format the saga benchmark of earlier commits printed too.</summary>
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
        output.WriteLine(Invariant($"| completed sagas/s | {run.SagasPerSecond:0.0} |"));
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

    /// <summary>The first ten orders that did not complete, and why.</summary>
    public static void PrintFailures(TextWriter output, SagaLoadResult run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        var failures = run.Orders.Where(static order => !order.IsCompleted).ToArray();
        foreach (var order in failures.Take(10))
        {
            output.WriteLine(order.Error is { } error
                ? $"  order {order.Id ?? "(not accepted)"}: {error}"
                : $"  order {order.Id}: ended {order.Last?.Status}{(order.Last?.Reason is { } reason ? $" ({reason})" : "")}");
        }

        if (failures.Length > 10)
        {
            output.WriteLine(Invariant($"  ... and {failures.Length - 10} more."));
        }
    }

    private static void Row(TextWriter output, string name, IEnumerable<TimeSpan?> values)
    {
        var sorted = values.OfType<TimeSpan>().Order().ToArray();
        output.WriteLine(sorted.Length == 0
            ? $"| {name} | - | - | - |"
            : Invariant($"| {name} | {Tenths(Statistics.Percentile(sorted, 50))} | {Tenths(Statistics.Percentile(sorted, 99))} | {Tenths(sorted[^1])} |"));
    }

    // Tenths of a millisecond, as the reports of earlier commits print them (SagaFigures reads both).
    private static string Tenths(TimeSpan value) => Invariant($"{value.TotalMilliseconds:0.0} ms");
}
