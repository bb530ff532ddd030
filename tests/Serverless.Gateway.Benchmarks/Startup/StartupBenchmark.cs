using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// Cold start: from starting the process to the first 200 proxied from the backend, for the gateway as built (JIT),
/// published ReadyToRun, and bare YARP, each started <see cref="StartupOptions.Repeats"/> times in turns.
/// </summary>
public static class StartupBenchmark
{
    public static async Task<StartupResult> RunAsync(StartupOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Progress($"Start-up: {options.Repeats} starts per variant, polling every {options.PollInterval.TotalMilliseconds:0} ms.");
        if (options.ReadyToRun)
        {
            Progress($"Publishing the gateway with ReadyToRun (takes a minute)...");
        }

        await using var environment = await StartupEnvironment.StartAsync(options, cancellationToken);
        var targets = StartupTargets.Create(options, environment);

        // One start of each first, not measured: the first start after a build pays for the disk cache and Azurite's tables.
        foreach (var target in targets)
        {
            await StartupProbe.MeasureAsync(target, options, cancellationToken);
        }

        var loadBefore = MachineLoad.OneMinuteAverage();
        var samples = new List<StartupSample>();
        for (var repeat = 1; repeat <= options.Repeats; repeat++)
        {
            foreach (var target in targets)
            {
                var sample = await StartupProbe.MeasureAsync(target, options, cancellationToken);
                samples.Add(sample);
                Progress($"{repeat}/{options.Repeats} {sample.Variant}, {sample.Route}: listening {sample.Listening.TotalMilliseconds:0} ms, first 200 {sample.FirstOk.TotalMilliseconds:0} ms, CPU {sample.CpuTime.TotalMilliseconds:0} ms.");
            }
        }

        return new StartupResult(options, targets, samples) { LoadAverages = (loadBefore, MachineLoad.OneMinuteAverage()) };
    }

    // Progress goes to standard error, so that standard output holds only the Markdown report.
    private static void Progress(FormattableString line) => Console.Error.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
