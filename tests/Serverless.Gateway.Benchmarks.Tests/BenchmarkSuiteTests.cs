using System.Text.RegularExpressions;
using System.Xml.Linq;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// The README's benchmark command in its quick form, end to end with real processes: wrk and nginx from the project's
/// install script, Azurite, the backend, two gateways, bare YARP. Nothing here looks at a timing; it checks that every
/// section is written from a run that really happened.
/// </summary>
public sealed partial class BenchmarkSuiteTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_quick_run_writes_every_section_of_the_results_and_the_chart()
    {
        var root = RepositoryRoot.Find();
        var output = Directory.CreateTempSubdirectory("serverless-bench-results-").FullName;
        try
        {
            using var deadline = new CancellationTokenSource(Limit);
            await BenchProcess.RunAsync("install-tools.sh", "bash", [Path.Combine(root, "benchmarks", "install-tools.sh")], deadline.Token);
            await using var suite = BenchProcess.Start("benchmark suite", "dotnet", [BenchmarkAssembly(root), "all", "--quick", "--output", output]);
            var exitCode = await suite.WaitForExitAsync(deadline.Token);
            Assert.True(exitCode == 0, $"The suite exited with {exitCode}:{Environment.NewLine}{suite.Output}");

            var results = await File.ReadAllTextAsync(Path.Combine(output, "RESULTS.md"));
            Assert.Contains("**Quick run**", results, StringComparison.Ordinal);
            foreach (var heading in (string[])["## Proxy throughput and latency (wrk)", "## Order saga on Azurite"])
            {
                Assert.Contains(heading, results, StringComparison.Ordinal);
            }

            foreach (var target in (string[])["direct to backend", "gateway: API key, rate limit, telemetry", "gateway: the same, every trace kept", "gateway: every policy off", "bare YARP", "nginx (keepalive 64)"])
            {
                Assert.Matches($@"\| {Regex.Escape(target)} \| [0-9,]+ \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+x \|", results);
            }

            Assert.DoesNotContain("not valid", results, StringComparison.Ordinal);
            Assert.True(int.Parse(TelemetryExports().Match(results).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "The gateway with telemetry on exported nothing.");
            Assert.Equal("svg", XDocument.Load(Path.Combine(output, "results.svg")).Root!.Name.LocalName);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The benchmark program from its own build output, built by the solution in this test's configuration.</summary>
    private static string BenchmarkAssembly(string root)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(root, "tests", "Serverless.Gateway.Benchmarks", "bin", configuration, "net10.0", "Serverless.Gateway.Benchmarks.dll");
    }

    [GeneratedRegex(@"reached the OTLP sink: [0-9.]+ MB in (\d+) exports")]
    private static partial Regex TelemetryExports();
}
