using System.Diagnostics;
using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// Several real gateway processes share one Azurite and one tenant's key; open-loop load at multiples of the limit is
/// spread evenly over them for whole one-second windows. Measures what they admitted against what the policy allows,
/// and the Table operations per second their rate limiting costs, counted by a forwarder in front of Azurite.
/// </summary>
public static class DistributedLimitBenchmark
{
    // Requests start just after a window opens and stop well before the last one closes, so that every decision falls
    // in the planned windows even when an answer takes a while.
    private static readonly TimeSpan StartDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan EndMargin = TimeSpan.FromMilliseconds(100);

    public static async Task<DistributedLimitResult> RunAsync(DistributedLimitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Progress($"Distributed rate limiting: {options.Instances} gateways, limit {options.Limit}/s, burst {options.Burst?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {options.Windows} windows at {string.Join(", ", options.LoadFactors.Select(Load))}.");
        await using var environment = await DistributedLimitEnvironment.StartAsync(options, cancellationToken);
        Progress($"{environment.Gateways.Count} gateways healthy; table requests go through {environment.Storage.Address}.");
        using var load = new OpenLoopLoad(environment.Gateways.Select(static gateway => gateway.Address), environment.Key);
        if (options.WarmupWindows > 0)
        {
            var warmup = await MeasureAsync(environment, load, options with { Windows = options.WarmupWindows }, 3, cancellationToken);
            Progress($"Warm-up at 3x: {warmup.Admitted} of {warmup.Sent} admitted, {warmup.OtherAnswers} other answers.");
        }

        var runs = new List<DistributedLimitRun>();
        foreach (var factor in options.LoadFactors)
        {
            var run = await MeasureAsync(environment, load, options, factor, cancellationToken);
            Progress($"{Load(factor)}: {run.Sent} sent, {run.Admitted} admitted of {run.Allowed} allowed ({run.ExcessPercent:+0.0;-0.0}%), {run.Refused} refused, {run.OtherAnswers} other; backend {run.BackendRequests}; {run.LimiterOperationsPerSecond:0.0} rate-limit table ops/s.");
            runs.Add(run);
        }

        return new DistributedLimitResult(options, runs) { LoadAverage = MachineLoad.OneMinuteAverage() };
    }

    public static string Load(double factor) => factor.ToString("0.##", CultureInfo.InvariantCulture) + "x";

    private static async Task<DistributedLimitRun> MeasureAsync(
        DistributedLimitEnvironment environment, OpenLoopLoad load, DistributedLimitOptions options, double factor, CancellationToken cancellationToken)
    {
        // One idle window first, so that every run starts with the same burst carried over (see DistributedLimitRun.Allowed).
        var firstWindow = NextWindow(DateTimeOffset.UtcNow).AddSeconds(1);
        var start = firstWindow + StartDelay;
        await Task.Delay(start - DateTimeOffset.UtcNow, cancellationToken);

        var storageBefore = environment.Storage.Snapshot();
        var backendBefore = environment.Backend.Requests;
        var measuring = Stopwatch.GetTimestamp();
        var outcomes = await load.RunAsync(options.Limit * factor, start, firstWindow.AddSeconds(options.Windows) - EndMargin, cancellationToken);
        var duration = Stopwatch.GetElapsedTime(measuring);
        return new DistributedLimitRun
        {
            LoadFactor = factor,
            OfferedPerSecond = options.Limit * factor,
            Outcomes = outcomes,
            BackendRequests = environment.Backend.Requests - backendBefore,
            Storage = environment.Storage.Snapshot().Since(storageBefore),
            StorageDuration = duration,
            Options = options,
        };
    }

    /// <summary>The start of the next window; windows are one second, aligned to the Unix epoch as the gateways align them.</summary>
    private static DateTimeOffset NextWindow(DateTimeOffset now) =>
        new(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    // Progress goes to standard error, so that standard output holds only the Markdown report.
    private static void Progress(FormattableString line) => Console.Error.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
