using System.CommandLine;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// <c>profile [--recording-s 8] [--connections 32] [--frequency 999] [--warmup-s 3] [--max-warmup-s 40] [--top 12]</c>:
/// the CPU profile alone, its section printed to standard output (progress goes to standard error).
/// </summary>
public static class ProfileCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, async (options, cancellationToken) =>
    {
        var result = await ProfileBenchmark.RunAsync(options, Console.Error, cancellationToken);
        result.WriteMarkdown(Console.Out);
        return 0;
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>profile</c>.</exception>
    public static ProfileOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, ProfileOptions> bind)
    {
        var defaults = new ProfileOptions();
        var recording = ModeOptions.Positive("--recording-s", "Seconds perf records each target, in the middle of a wrk run 2 s longer.", (int)defaults.Recording.TotalSeconds);
        var connections = ModeOptions.Positive("--connections", "Open connections of wrk.", defaults.Connections);
        var frequency = ModeOptions.Positive("--frequency", "Samples a second perf takes of each thread on a CPU.", defaults.Frequency);
        var warmup = ModeOptions.Positive("--warmup-s", "Seconds of one warm-up run; a target is warmed until its rate stops improving.", (int)defaults.Warmup.TotalSeconds);
        var maxWarmup = ModeOptions.Positive("--max-warmup-s", "The most seconds of warm-up any one target gets.", (int)defaults.MaxWarmup.TotalSeconds);
        var top = ModeOptions.Positive("--top", "Frames in each inclusive list of the request path.", defaults.TopFrames);
        bind = result => defaults with
        {
            Recording = TimeSpan.FromSeconds(result.GetValue(recording)),
            Connections = result.GetValue(connections),
            Frequency = result.GetValue(frequency),
            Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
            MaxWarmup = TimeSpan.FromSeconds(result.GetValue(maxWarmup)),
            TopFrames = result.GetValue(top),
        };
        return new Command(
            "profile", "Where the CPU of a proxied request goes (perf): bare YARP and the gateway with policies off and on, by the code executing; prints its section.")
        {
            recording, connections, frequency, warmup, maxWarmup, top,
        };
    }
}
