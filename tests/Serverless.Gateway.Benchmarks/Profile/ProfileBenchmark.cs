using Serverless.Gateway.Benchmarks.Load;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// Where each microsecond of the proxy request path goes: bare YARP and the gateway (every policy off; API key, rate
/// limit and telemetry) each loaded with wrk until warm, then recorded by perf in the middle of one more wrk run whose
/// CPU time per request the recording is split by. Skipped, with the reason in its section, where perf cannot record.
/// </summary>
public static class ProfileBenchmark
{
    /// <summary>wrk runs this long before perf starts, and on for as long again after it stops.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public static async Task<ProfileResult> RunAsync(ProfileOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (await PerfRecorder.UnavailableReasonAsync(cancellationToken) is { } unavailable)
        {
            progress.WriteLine($"The profile is skipped: {unavailable}");
            return new ProfileResult(options, [], unavailable);
        }

        var directory = Directory.CreateTempSubdirectory("serverless-profile-");
        try
        {
            var storage = await BenchmarkStorage.ConnectionStringAsync();
            await using var environment = await ProfileEnvironment.StartAsync(storage, progress, cancellationToken);
            var profiled = new List<ProfiledTarget>();
            foreach (var target in environment.Targets)
            {
                await WarmUp.RunAsync(target, options.Connections, options.Warmup, options.MaxWarmup, progress, cancellationToken);
                profiled.Add(await RecordAsync(target, options, Path.Combine(directory.FullName, $"{target.Id}.data"), progress, cancellationToken));
            }

            return new ProfileResult(options, profiled, null);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>wrk for the recording and a margin either side; perf in the middle; the process's CPU time over the whole run.</summary>
    private static async Task<ProfiledTarget> RecordAsync(LoadTarget target, ProfileOptions options, string dataFile, TextWriter progress, CancellationToken cancellationToken)
    {
        var cpuBefore = target.Process.CpuTime();
        var load = Wrk.RunAsync(target.Uri, options.Connections, options.Recording + Margin + Margin, target.Headers, cancellationToken);
        await Task.Delay(Margin, cancellationToken);
        await PerfRecorder.RecordAsync(target.Process.Id, options.Recording, options.Frequency, dataFile, cancellationToken);
        var wrk = await load;
        var cpu = target.Process.CpuTime() - cpuBefore;
        var cpuPerRequest = wrk.Requests == 0 ? 0 : cpu.TotalMicroseconds / wrk.Requests;

        var profile = PerfReportParser.Profile(
            await PerfRecorder.SelfReportAsync(dataFile, cancellationToken),
            await PerfRecorder.ChildrenReportAsync(dataFile, cancellationToken),
            cpuPerRequest,
            options.TopFrames);
        progress.WriteLine(Invariant(
            $"Profiled {target.Name}: {wrk.RequestsPerSecond:0} req/s, {cpuPerRequest:0.0} µs CPU/req, {profile.Samples} samples{(wrk.IsClean ? string.Empty : $" ({wrk.Non2xx} non-2xx, {wrk.SocketErrors} socket errors)")}."));
        return new ProfiledTarget(target.Id, target.Name, wrk, profile);
    }
}
