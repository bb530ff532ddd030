using System.CommandLine;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary><c>load [--connections 32,128] [--duration-s 8] [--rounds 3] [--warmup-s 3] [--max-warmup-s 60]</c>: the load benchmark alone, its section printed.</summary>
public static class LoadCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, async (options, cancellationToken) =>
    {
        var result = await LoadBenchmark.RunAsync(options, await BenchmarkStorage.ConnectionStringAsync(), Console.Out, cancellationToken);
        Console.WriteLine();
        result.WriteMarkdown(Console.Out);
        return 0;
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>load</c>.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, LoadOptions> bind)
    {
        var defaults = new LoadOptions();
        var connections = ModeOptions.PositiveList("--connections", "Open connections, one level per pass, separated by commas.", defaults.Connections);
        var duration = ModeOptions.Positive("--duration-s", "Seconds of one measured wrk run.", (int)defaults.Duration.TotalSeconds);
        var rounds = ModeOptions.Positive("--rounds", "Rounds; each measures every target at every level once, and the report takes the median.", defaults.Rounds);
        var warmup = ModeOptions.Positive("--warmup-s", "Seconds of one warm-up run; a target is warmed until its rate stops improving.", (int)defaults.Warmup.TotalSeconds);
        var maxWarmup = ModeOptions.Positive("--max-warmup-s", "The most seconds of warm-up any one target gets.", (int)defaults.MaxWarmup.TotalSeconds);
        bind = result => new LoadOptions
        {
            Connections = result.GetValue(connections) is { Length: > 0 } levels ? levels : defaults.Connections,
            Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
            Rounds = result.GetValue(rounds),
            Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
            MaxWarmup = TimeSpan.FromSeconds(result.GetValue(maxWarmup)),
        };
        return new Command(
            "load", "Proxy throughput and latency with wrk: direct, the gateway with and without policies, bare YARP and nginx; prints its section of RESULTS.md.")
        {
            connections, duration, rounds, warmup, maxWarmup,
        };
    }
}
