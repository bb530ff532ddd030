using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// The load benchmark: wrk against each target in turn, every target at every connection level in each round, with
/// the order rotated from round to round so that no target always runs first or last. Medians over rounds are
/// reported as ratios to the direct call, because absolute rates on a shared machine drift.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<LoadResult> RunAsync(LoadOptions options, string storage, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        await using var environment = await LoadEnvironment.StartAsync(storage, progress, cancellationToken);
        var targets = environment.Targets;

        var warmups = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var logMark = target.Process.LinesReceived;
            warmups[target.Id] = await WarmUp.RunAsync(target, options.Connections.Max(), options.Warmup, options.MaxWarmup, progress, cancellationToken);
            if (target.HitCheck is not null)
            {
                try
                {
                    await CacheHitCheck.ProbeAsync(target.Name, target.Uri, target.Headers, cancellationToken);
                }
                catch (InvalidOperationException)
                {
                    WriteLog(progress, target, target.Process.LinesSince(logMark));
                    throw;
                }

                progress.WriteLine($"Checked {target.Name}: a probe after the warm-up was answered X-Cache: HIT.");
            }
        }

        var samples = new List<LoadSample>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var connections in options.Connections)
            {
                for (var i = 0; i < targets.Count; i++)
                {
                    var target = targets[(i + round) % targets.Count];
                    var backendBefore = target.HitCheck?.BackendRequests ?? 0;
                    var cpuBefore = target.Process.CpuTime();
                    var logMark = target.Process.LinesReceived;
                    var wrk = await Wrk.RunAsync(target.Uri, connections, options.Duration, target.Headers, cancellationToken);
                    target.HitCheck?.ThrowIfMissed(target.Name, backendBefore, wrk);
                    var sample = new LoadSample(target.Id, connections, round + 1, wrk, target.Process.CpuTime() - cpuBefore);
                    samples.Add(sample);
                    progress.WriteLine(Invariant(
                        $"round {round + 1}/{options.Rounds}, {connections,3} connections, {target.Name,-40} {wrk.RequestsPerSecond,9:0} req/s  p50 {wrk.P50.TotalMilliseconds,6:0.00} ms  p99 {wrk.P99.TotalMilliseconds,6:0.00} ms  {sample.CpuMicrosecondsPerRequest,5:0.0} µs CPU/req{(wrk.IsClean ? string.Empty : $"  ({wrk.Non2xx} non-2xx, {wrk.SocketErrors} socket errors)")}"));
                    if (!wrk.IsClean)
                    {
                        // wrk counts failed answers without saying what they were; what the target logged meanwhile usually does.
                        WriteLog(progress, target, target.Process.LinesSince(logMark));
                    }
                }
            }
        }

        var memory = targets.ToDictionary(static target => target.Id, static target => target.Process.ResidentBytes(), StringComparer.Ordinal);
        return new LoadResult(options, targets.Select(static target => (target.Id, target.Name)).ToArray(), samples, memory, warmups, environment.Telemetry.Bytes, environment.Telemetry.Exports);
    }

    private static void WriteLog(TextWriter progress, LoadTarget target, IReadOnlyList<string> lines)
    {
        const int Shown = 20;
        progress.WriteLine(lines.Count == 0
            ? $"  {target.Name} logged nothing meanwhile."
            : $"  {target.Name} logged meanwhile ({lines.Count} lines{(lines.Count > Shown ? $", the last {Shown}" : string.Empty)}):");
        foreach (var line in lines.TakeLast(Shown))
        {
            progress.WriteLine($"    {line}");
        }
    }
}
