using System.CommandLine;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary><c>startup [options]</c>: runs <see cref="StartupBenchmark"/> and prints its Markdown report to standard output (progress goes to standard error).</summary>
public static class StartupCommand
{
    public static Command Create() => Define(out var bind).WithAction(bind, async (options, cancellationToken) =>
    {
        (await StartupBenchmark.RunAsync(options, cancellationToken)).WriteMarkdown(Console.Out);
        return 0;
    });

    /// <exception cref="ArgumentException">The arguments are not valid options of <c>startup</c>.</exception>
    public static StartupOptions Parse(IReadOnlyList<string> args) => BenchmarkCommand.Parse(Define(out var bind), bind, args);

    private static Command Define(out Func<ParseResult, StartupOptions> bind)
    {
        var defaults = new StartupOptions();
        var repeats = ModeOptions.Positive("--repeats", "Starts of each variant; the variants take turns.", defaults.Repeats);
        var poll = ModeOptions.Positive("--poll-ms", "Milliseconds between two tries of the port and then the route.", (int)defaults.PollInterval.TotalMilliseconds);
        var noReadyToRun = new Option<bool>("--no-ready-to-run") { Description = "Do not publish and measure the ReadyToRun build (its publish takes about a minute)." };
        var composite = new Option<bool>("--composite") { Description = "Also publish and measure a self-contained composite ReadyToRun build (several minutes, 150 MB)." };
        var noYarp = new Option<bool>("--no-yarp") { Description = "Do not measure the bare YARP proxy for reference." };
        var noExperiments = new Option<bool>("--no-experiments") { Description = "Do not measure the variants that explain where the time goes." };
        bind = result => defaults with
        {
            Repeats = result.GetValue(repeats),
            PollInterval = TimeSpan.FromMilliseconds(result.GetValue(poll)),
            ReadyToRun = !result.GetValue(noReadyToRun),
            Composite = result.GetValue(composite),
            BareYarp = !result.GetValue(noYarp),
            Experiments = !result.GetValue(noExperiments),
        };
        return new Command("startup", "Start-up: process start to the first proxied 200, for each build of the gateway in turns; prints its section.")
        {
            repeats, poll, noReadyToRun, composite, noYarp, noExperiments,
        };
    }
}
