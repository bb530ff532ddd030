using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Tools;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// wrk, the load generator: closed loop, keep-alive connections, one thread (the machine's other core is the target's).
/// It is far cheaper per request than any .NET client, which matters when it shares the cores with what it measures.
/// </summary>
public static class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri uri, int connections, TimeSpan duration, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "-t1",
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s",
            "--timeout", "5s",
            "--latency",
        };
        foreach (var (name, value) in headers)
        {
            arguments.Add("-H");
            arguments.Add($"{name}: {value}");
        }

        arguments.Add(uri.ToString());
        return WrkOutput.Parse(await BenchProcess.RunAsync("wrk", SystemTool.Find("wrk"), arguments, cancellationToken));
    }

    public static async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        // wrk -v prints its version and exits with 1.
        await using var process = BenchProcess.Start("wrk", SystemTool.Find("wrk"), ["-v"]);
        await process.WaitForExitAsync(cancellationToken);
        var banner = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "wrk";
        var copyright = banner.IndexOf(" Copyright", StringComparison.Ordinal);
        return (copyright > 0 ? banner[..copyright] : banner).Trim();
    }
}
