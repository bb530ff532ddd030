using System.Diagnostics;
using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Tools;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// Linux perf, the sampling profiler: whether it can record here, a recording of one running process with call chains,
/// and the two reports <see cref="PerfReportParser"/> reads.
/// </summary>
public static class PerfRecorder
{
    /// <summary>Null when perf is installed and may record on this machine; otherwise why not, as a sentence.</summary>
    public static async Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken)
    {
        var perf = SystemTool.TryFind("perf");
        if (perf is null)
        {
            return "`perf` is not installed (benchmarks/install-tools.sh installs it from the linux-perf package).";
        }

        var (exitCode, output, errors) = await RunAsync(perf, ["record", "-o", "/dev/null", "--", "true"], cancellationToken);
        if (exitCode == 0)
        {
            return null;
        }

        var why = $"{errors}{Environment.NewLine}{output}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
        return $"`perf record` cannot record here (exit code {exitCode.ToString(CultureInfo.InvariantCulture)}: {why}); perf_event_paranoid or the container may forbid it.";
    }

    /// <summary>
    /// Samples every thread of process <paramref name="processId"/> <paramref name="frequency"/> times a second of CPU,
    /// with call chains, for <paramref name="duration"/>, into <paramref name="dataFile"/>.
    /// </summary>
    public static Task RecordAsync(int processId, TimeSpan duration, int frequency, string dataFile, CancellationToken cancellationToken)
    {
        // -N: the binaries stay where they are, not copied into ~/.debug; the report is made on this machine.
        string[] arguments =
        [
            "record", "-F", frequency.ToString(CultureInfo.InvariantCulture), "-g", "-N",
            "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", dataFile,
            "--", "sleep", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        ];
        return BenchProcess.RunAsync("perf record", SystemTool.Find("perf"), arguments, cancellationToken);
    }

    /// <summary>Self time by shared object and symbol (<see cref="PerfReportParser.ParseSelf"/>).</summary>
    public static Task<string> SelfReportAsync(string dataFile, CancellationToken cancellationToken) =>
        ReportAsync(dataFile, ["--no-children", "--sort", "dso,sym"], cancellationToken);

    /// <summary>Inclusive time by symbol (<see cref="PerfReportParser.ParseChildren"/>).</summary>
    public static Task<string> ChildrenReportAsync(string dataFile, CancellationToken cancellationToken) =>
        ReportAsync(dataFile, ["--children", "--sort", "sym"], cancellationToken);

    private static async Task<string> ReportAsync(string dataFile, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output, errors) = await RunAsync(
            SystemTool.Find("perf"), ["report", "-i", dataFile, .. arguments, "-g", "none", "--percent-limit", "0", "--stdio", "-n"], cancellationToken);
        return exitCode == 0 ? output : throw new InvalidOperationException($"perf report of {dataFile} exited with code {exitCode}:{Environment.NewLine}{errors}");
    }

    /// <summary>Runs perf to completion with its whole output kept (a report is longer than <see cref="BenchProcess"/> keeps).</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string perf, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(perf) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{perf} could not be started.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }
    }
}
