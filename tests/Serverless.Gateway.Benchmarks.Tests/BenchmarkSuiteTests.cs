using System.Text.RegularExpressions;
using System.Xml.Linq;
using Serverless.Gateway.Benchmarks.Fleet;

namespace Serverless.Gateway.Benchmarks.Tests;

/// <summary>
/// What the quick benchmark run wrote, checked section by section: <c>.ci/run</c> runs <c>benchmarks/run.sh --quick</c>
/// as its own step after the test command and then this test on its output. Nothing here looks at a timing; it checks
/// that every section is written from a run that really happened. The test command itself never runs the benchmark:
/// it needs wrk and nginx from the system's packages and would share the cores with the timing-sensitive tests.
/// </summary>
public sealed partial class BenchmarkSuiteTests
{
    [QuickRunFact]
    public async Task The_quick_run_writes_every_section_of_the_results_and_the_chart()
    {
        var output = QuickRunFactAttribute.ResultsDirectory!;
        var results = await File.ReadAllTextAsync(Path.Combine(output, "RESULTS.md"));
        Assert.Contains("**Quick run**", results, StringComparison.Ordinal);
        foreach (var heading in (string[])["## Proxy throughput and latency (wrk)", "## Fleet simulation", "## Order saga on Azurite"])
        {
            Assert.Contains(heading, results, StringComparison.Ordinal);
        }

        foreach (var target in (string[])["direct to backend", "gateway: API key, rate limit, telemetry", "gateway: the same, every trace kept", "gateway: the same, with CORS", "gateway: the same, with the access log", "gateway: the same, answered from its cache", "gateway: every policy off", "bare YARP", "nginx (keepalive 64)"])
        {
            Assert.Matches($@"\| {Regex.Escape(target)} \| [0-9,]+ \| [0-9.]+ ms \| [0-9.]+ ms \| [0-9.]+x \|", results);
        }

        foreach (var scenario in FleetScenarios.Quick)
        {
            Assert.Matches($@"\| {Regex.Escape(scenario.Name)} \| {Regex.Escape(FleetVariants.All[0].Name)} \| [0-9,]+ \| [0-9,]+ \|", results);
        }

        Assert.DoesNotContain("not valid", results, StringComparison.Ordinal);
        Assert.Matches(@"- A cache hit costs [0-9.]+ µs CPU/request against [0-9.]+ µs for the proxied request on the same gateway \(ratio [0-9.]+\)", results);
        Assert.True(int.Parse(TelemetryExports().Match(results).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "The gateway with telemetry on exported nothing.");
        Assert.Equal("svg", XDocument.Load(Path.Combine(output, "results.svg")).Root!.Name.LocalName);
    }

    [GeneratedRegex(@"reached the OTLP sink: [0-9.]+ MB in (\d+) exports")]
    private static partial Regex TelemetryExports();
}
