using Serverless.Gateway.Benchmarks.Startup;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class StartupResultTests
{
    [Fact]
    public void The_report_sets_the_gateways_ReadyToRun_start_against_bare_YARP_published_the_same_way()
    {
        StartupTarget[] targets =
        [
            Target(StartupTargets.ReadyToRun, StartupTargets.Keyed),
            Target(StartupTargets.ReadyToRun, StartupTargets.Open),
            Target(StartupTargets.BareYarpReadyToRun, StartupTargets.Open),
        ];
        StartupSample[] samples =
        [
            Sample(StartupTargets.ReadyToRun, StartupTargets.Keyed, listening: 600, firstOk: 820),
            Sample(StartupTargets.ReadyToRun, StartupTargets.Open, listening: 580, firstOk: 760),
            Sample(StartupTargets.BareYarpReadyToRun, StartupTargets.Open, listening: 340, firstOk: 470),
        ];
        var result = new StartupResult(new StartupOptions { Repeats = 1 }, targets, samples);
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        var report = writer.ToString();
        Assert.Contains("| bare YARP, ReadyToRun | no policies | **470 ms** (470 ms–470 ms) | 340 ms | 130 ms |", report, StringComparison.Ordinal);
        Assert.Contains("**Under 500 ms to the first proxied 200, gateway, ReadyToRun: missed** with the API key and rate limit (820 ms median", report, StringComparison.Ordinal);
        Assert.Contains(
            "Bare YARP published ReadyToRun as the gateway is, the floor for the start-up target on this machine: first 200 after 470 ms (listening 340 ms, 500 ms of CPU); the gateway's ReadyToRun build +290 ms without policies, +350 ms with the API key and rate limit.",
            report,
            StringComparison.Ordinal);
    }

    private static StartupTarget Target(string variant, string route) =>
        new(variant, route, "/", new Dictionary<string, string>(), _ => throw new InvalidOperationException("Nothing is started."));

    private static StartupSample Sample(string variant, string route, int listening, int firstOk) =>
        new(variant, route, TimeSpan.FromMilliseconds(listening), TimeSpan.FromMilliseconds(firstOk), TimeSpan.FromMilliseconds(500), NotOkAnswers: 0);
}
