using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.Gateway.Benchmarks.Saga;
using Serverless.Gateway.Benchmarks.Suite;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class SagaReportTests
{
    // As the saga benchmark of commit 5652536 (the engine the Durable one replaced) printed it on this project's build machine.
    private const string ReplacedEngineReport = """
        Saga benchmark: 200 orders, 16 in flight, status read every 20 ms, after 20 warm-up orders.
        Azurite in memory; gateway (saga defaults), demo participants (no faults) and client in this process; .NET 10.0.12, 2 cores, 2026-12-05.
        Warm-up: 20 of 20 completed in 2.7 s.

        | result | value |
        |---|---:|
        | orders placed | 200 |
        | Completed | 200 |
        | ended Cancelled or NeedsAttention | 0 |
        | not accepted, or not terminal within 300 s | 0 |
        | wall time, first POST to last terminal status | 15.80 s |
        | completed sagas/s | 12.7 |
        | status reads (of them failed) | 1127 (0) |

        | latency | p50 | p99 | max |
        |---|---:|---:|---:|
        | POST /orders to terminal status seen | 1172.8 ms | 2766.8 ms | 3635.5 ms |
        | POST /orders answered (202) | 411.2 ms | 1970.9 ms | 2334.6 ms |
        | GET /orders/{id} answered (each status read) | 87.0 ms | 347.4 ms | 1981.9 ms |
        | saga as stored (createdAt to terminal updatedAt) | 969.6 ms | 2628.4 ms | 3477.1 ms |

        Participants' ledgers agree: 220 reservations held, 220 charges, 220 shipments, nothing refunded or released.
        """;

    [Fact]
    public void Reads_the_figures_of_the_replaced_engines_report()
    {
        var figures = SagaFigures.Parse(ReplacedEngineReport);

        Assert.Equal(new SagaFigures(200, 200, 12.7, TimeSpan.FromMilliseconds(1172.8), TimeSpan.FromMilliseconds(2766.8), TimeSpan.FromMilliseconds(411.2), LedgersAgree: true), figures);
    }

    [Fact]
    public void Reads_back_from_this_report_the_figures_of_the_run_it_prints()
    {
        // Ten orders, one every 100 ms, each answered in 10 ms and seen terminal after 500 + 10 * i ms.
        var orders = Enumerable.Range(0, 10).Select(i => Order(startMs: 100 * i, postMs: 10, terminalMs: 500 + (10 * i))).ToArray();
        using var report = new StringWriter();

        SagaReport.Print(report, new SagaBenchmarkOptions(), new SagaLoadResult(orders));
        var figures = SagaFigures.Parse(report.ToString());

        Assert.NotNull(figures);
        Assert.Equal((10, 10), (figures.Orders, figures.Completed));
        Assert.Equal(10 / 1.49, figures.SagasPerSecond, precision: 1);
        Assert.Equal(540, figures.TerminalP50.TotalMilliseconds, precision: 1);
        Assert.Equal(590, figures.TerminalP99.TotalMilliseconds, precision: 1);
        Assert.Equal(10, figures.PostP50.TotalMilliseconds, precision: 1);
        Assert.False(figures.LedgersAgree);
    }

    [Fact]
    public void A_report_that_stops_before_its_tables_has_no_figures()
    {
        Assert.Null(SagaFigures.Parse(ReplacedEngineReport[..ReplacedEngineReport.IndexOf("| latency |", StringComparison.Ordinal)]));
    }

    [Fact]
    public void The_comparison_puts_both_engines_and_the_ratio_durable_to_replaced_in_one_table()
    {
        var durable = Engine(DurableSagaRun.Engine, "abc1234", ReplacedEngineReport
            .Replace("| 12.7 |", "| 6.4 |", StringComparison.Ordinal)
            .Replace("| 1172.8 ms | 2766.8 ms |", "| 2345.6 ms | 8300.4 ms |", StringComparison.Ordinal));
        using var writer = new StringWriter();

        SagaComparison.Write(writer, durable, Engine(SagaBaselineRun.Engine, "5652536", ReplacedEngineReport));
        var table = writer.ToString();

        Assert.Matches($@"\| {Regex.Escape(SagaBaselineRun.Engine)} \| `5652536` \| 200 of 200 \| 12\.7 \| 1,173 ms \| 2,767 ms \| 411 ms \| agree \| 1\.50 → 2\.50 \|", table);
        Assert.Matches($@"\| {Regex.Escape(DurableSagaRun.Engine)} \| `abc1234` \| 200 of 200 \| 6\.4 \| 2,346 ms \| 8,300 ms \| 411 ms \| agree \|", table);
        Assert.Contains("| **Durable ÷ replaced** | | | **0.50x** | 2.00x | 3.00x | 1.00x | | |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_replaced_engine_the_table_says_it_was_not_measured_and_gives_no_ratio()
    {
        using var writer = new StringWriter();

        SagaComparison.Write(writer, Engine(DurableSagaRun.Engine, "abc1234", ReplacedEngineReport), baseline: null);

        Assert.Contains("| the engine it replaced | - | not measured in this run |", writer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("÷", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_engine_whose_run_failed_is_marked_failed_and_the_benchmark_with_it()
    {
        var failed = Engine(SagaBaselineRun.Engine, "5652536", "Saga benchmark: 200 orders ...\nThe warm-up orders did not all complete; not measuring.", exitCode: 1);
        var result = new SagaBenchmarkResult(new SagaBenchmarkOptions(), DateTimeOffset.UnixEpoch, Engine(DurableSagaRun.Engine, "abc1234", ReplacedEngineReport), failed);
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        Assert.False(result.Succeeded);
        Assert.Contains("| `5652536` | **failed** (exit code 1; see its report) |", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("The warm-up orders did not all complete; not measuring.", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_section_has_its_heading_the_table_and_each_engines_own_report()
    {
        var result = new SagaBenchmarkResult(
            new SagaBenchmarkOptions(), DateTimeOffset.UnixEpoch, Engine(DurableSagaRun.Engine, "abc1234", "durable report\n"), Engine(SagaBaselineRun.Engine, "5652536", ReplacedEngineReport));
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);
        var section = writer.ToString();

        Assert.StartsWith(SagaBenchmarkResult.Heading, section, StringComparison.Ordinal);
        Assert.Contains("every 100 ms", section, StringComparison.Ordinal);
        Assert.Contains($"### {DurableSagaRun.Engine}, commit `abc1234`", section, StringComparison.Ordinal);
        Assert.Contains($"### The engine it replaced: {SagaBaselineRun.Engine}, commit `5652536`", section, StringComparison.Ordinal);
        Assert.Contains(ReplacedEngineReport.TrimEnd(), section, StringComparison.Ordinal);
    }

    [Fact]
    public void The_replaced_engine_runs_with_the_options_of_this_run()
    {
        var options = SagaCommand.Parse(["--orders", "50", "--concurrency", "8", "--warmup", "5", "--poll-ms", "30", "--timeout-s", "60", "--baseline", "old/Serverless.Gateway.Benchmarks.dll"]);

        Assert.Equal(["--orders", "50", "--concurrency", "8", "--warmup", "5", "--poll-ms", "30", "--timeout-s", "60"], options.ToArguments());
        Assert.Equal(Path.GetFullPath("old/Serverless.Gateway.Benchmarks.dll"), options.Baseline);
        Assert.Equal(SagaCommand.Parse(options.ToArguments()) with { Baseline = options.Baseline }, options);
    }

    [Fact]
    public void The_suite_passes_its_saga_baseline_to_the_saga_benchmark_quick_or_not()
    {
        var quick = SuiteCommand.Parse(["--quick", "--saga-baseline", "old.dll"], "/repo");
        var full = SuiteCommand.Parse([], "/repo");

        Assert.Equal((10, 4, Path.GetFullPath("old.dll")), (quick.Saga.Orders, quick.Saga.Concurrency, quick.Saga.Baseline));
        Assert.Equal((200, 16, null), (full.Saga.Orders, full.Saga.Concurrency, full.Saga.Baseline));
    }

    private static SagaEngineResult Engine(string engine, string commit, string report, int exitCode = 0) =>
        new(engine, commit, report, exitCode, LoadBefore: 1.5, LoadAfter: 2.5);

    private static SagaOrderResult Order(double startMs, double postMs, double terminalMs)
    {
        var start = Timestamp(startMs);
        var snapshot = new SagaOrderSnapshot(SagaOrderSnapshot.Completed, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMilliseconds(terminalMs - 20));
        return new SagaOrderResult("order", start, start + Timestamp(postMs), start + Timestamp(terminalMs), snapshot, [TimeSpan.FromMilliseconds(5)], 0, null);
    }

    private static long Timestamp(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
