using System.CommandLine;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// <c>distributed [options]</c>: runs <see cref="DistributedLimitBenchmark"/> and prints its Markdown report to standard
/// output (progress goes to standard error). The exit code is 1 if the backend's count disagrees with the admitted
/// requests or an answer was neither 200 nor 429; missed targets are findings, reported in the Markdown.
/// </summary>
public static class DistributedLimitCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, async (options, cancellationToken) =>
    {
        var result = await DistributedLimitBenchmark.RunAsync(options, cancellationToken);
        result.WriteMarkdown(Console.Out);
        return result.Consistent ? 0 : 1;
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>distributed</c>.</exception>
    public static DistributedLimitOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, DistributedLimitOptions> bind)
    {
        var defaults = new DistributedLimitOptions();
        var instances = ModeOptions.Positive("--instances", "Gateway processes sharing the key.", defaults.Instances);
        var limit = ModeOptions.Positive("--limit", "The policy's requests per one-second window.", defaults.Limit);
        var burst = ModeOptions.PositiveOrNone(
            "--burst", "The policy's burst (the most a window may admit after a quiet one), at least --limit; none for no burst.", defaults.Burst);
        var windows = ModeOptions.Positive("--windows", "Whole one-second windows each measured run spans.", defaults.Windows);
        var loads = ModeOptions.FactorList("--loads", "Offered load of each measured run as multiples of the limit, separated by commas, in the order they run.", defaults.LoadFactors);
        var warmup = ModeOptions.NonNegative("--warmup", "Windows of 3x load before the first measured run.", defaults.WarmupWindows);
        var command = new Command(
            "distributed", "Distributed rate limiting: several gateway processes share one key on one Azurite under open-loop overload; prints its section.")
        {
            instances, limit, burst, windows, loads, warmup,
        };
        command.Validators.Add(result =>
        {
            // Validators run before defaults are filled in.
            var burstValue = result.GetResult(burst) is null ? defaults.Burst : result.GetValue(burst);
            var limitValue = result.GetResult(limit) is null ? defaults.Limit : result.GetValue(limit);
            if (burstValue is > 0 && burstValue < limitValue)
            {
                result.AddError("--burst must be at least --limit.");
            }
        });
        bind = result => new DistributedLimitOptions
        {
            Instances = result.GetValue(instances),
            Limit = result.GetValue(limit),
            Burst = result.GetValue(burst) is > 0 and var value ? value : null,
            Windows = result.GetValue(windows),
            LoadFactors = result.GetValue(loads) is { Length: > 0 } factors ? factors : defaults.LoadFactors,
            WarmupWindows = result.GetValue(warmup),
        };
        return command;
    }
}
