using System.CommandLine;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// <c>saga [--orders 200] [--concurrency 16] [--warmup 20] [--poll-ms 20] [--timeout-s 300] [--baseline &lt;dll&gt;]</c>:
/// runs <see cref="SagaBenchmark"/>, prints its section, and exits with 1 when an order or a ledger check failed.
/// </summary>
public static class SagaCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, async (options, cancellationToken) =>
    {
        var result = await SagaBenchmark.RunAsync(options, Console.Error, cancellationToken);
        result.WriteMarkdown(Console.Out);
        return result.Succeeded ? 0 : 1;
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>saga</c>.</exception>
    public static SagaBenchmarkOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, SagaBenchmarkOptions> bind)
    {
        var defaults = new SagaBenchmarkOptions();
        var orders = ModeOptions.Positive("--orders", "Orders placed and measured.", defaults.Orders);
        var concurrency = ModeOptions.Positive("--concurrency", "Orders in flight at once.", defaults.Concurrency);
        var warmup = ModeOptions.NonNegative("--warmup", "Orders placed and completed before measuring.", defaults.Warmup);
        var poll = ModeOptions.Positive("--poll-ms", "Milliseconds between two reads of an in-flight order's status.", (int)defaults.PollInterval.TotalMilliseconds);
        var timeout = ModeOptions.Positive("--timeout-s", "Seconds an order may take from its POST to a terminal status before the run fails.", (int)defaults.OrderTimeout.TotalSeconds);
        var baseline = ModeOptions.Path(
            "--baseline", "The Serverless.Gateway.Benchmarks.dll of an earlier commit, whose saga mode measures the engine the Durable one replaced, first.", "dll");
        bind = result => defaults with
        {
            Orders = result.GetValue(orders),
            Concurrency = result.GetValue(concurrency),
            Warmup = result.GetValue(warmup),
            PollInterval = TimeSpan.FromMilliseconds(result.GetValue(poll)),
            OrderTimeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
            Baseline = result.GetValue(baseline),
        };
        return new Command("saga", "The order saga end to end on Azurite, on the Durable engine and with --baseline on the engine it replaced; prints its section.")
        {
            orders, concurrency, warmup, poll, timeout, baseline,
        };
    }
}
