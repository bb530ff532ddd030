using System.Runtime.InteropServices;
using Serverless.Gateway.Benchmarks.Load;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>What the figures were measured on, read from the machine itself when the run starts.</summary>
public sealed record MachineDescription(DateTimeOffset Date, string Cpu, int Cores, long MemoryBytes, string OperatingSystem, string Runtime, string WrkVersion, string NginxVersion, string Commit)
{
    public static async Task<MachineDescription> ReadAsync(string repositoryRoot, CancellationToken cancellationToken) => new(
        DateTimeOffset.UtcNow,
        ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        (long.TryParse(ProcLine("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kilobytes) ? kilobytes : 0) * 1024,
        $"{OsRelease() ?? RuntimeInformation.OSDescription}, kernel {ReadTrimmed("/proc/sys/kernel/osrelease")}",
        $"{RuntimeInformation.FrameworkDescription}",
        await Wrk.VersionAsync(cancellationToken),
        await NginxProxy.VersionAsync(cancellationToken),
        await GitCommit.DescribeAsync(repositoryRoot, cancellationToken));

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Invariant($"Measured {Date:yyyy-MM-dd HH:mm} UTC at commit `{Commit}` on {Cpu}, {Cores} logical cores, {MemoryBytes / (1024.0 * 1024 * 1024):0} GiB of memory; {OperatingSystem}; {Runtime}; {WrkVersion}; {NginxVersion}."));
    }

    private static string? ProcLine(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(line => line.StartsWith(key, StringComparison.Ordinal)).Select(static line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string? OsRelease() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Where(static line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)).Select(static line => line["PRETTY_NAME=".Length..].Trim('"')).FirstOrDefault()
            : null;

    private static string ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
}
