using Serverless.Gateway.Benchmarks.Load;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class LoadResultTests
{
    [Fact]
    public void Summaries_take_the_median_of_the_rounds_and_cpu_per_request_from_the_servers_cpu_time()
    {
        var result = Result(
        [
            Sample(LoadTargetIds.Direct, 1, 40_000, 4, 400_000, TimeSpan.FromSeconds(4)),
            Sample(LoadTargetIds.Direct, 2, 50_000, 2, 500_000, TimeSpan.FromSeconds(5)),
            Sample(LoadTargetIds.Direct, 3, 45_000, 3, 450_000, TimeSpan.FromSeconds(9)),
        ]);

        var summary = result.Summary(LoadTargetIds.Direct, 32);

        Assert.Equal(45_000, summary.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromMilliseconds(3), summary.P99);
        Assert.Equal(10, summary.CpuMicrosecondsPerRequest, precision: 6);
    }

    [Fact]
    public void The_verdict_sets_both_gateways_against_bare_yarp_on_cpu_throughput_and_p99()
    {
        var result = Result(Everything(
            Sample(LoadTargetIds.GatewayPoliciesOn, 1, 16_000, 5, 100_000, TimeSpan.FromSeconds(6)),
            Sample(LoadTargetIds.GatewayPoliciesOff, 1, 19_000, 4.5, 100_000, TimeSpan.FromSeconds(5.2)),
            Sample(LoadTargetIds.Yarp, 1, 20_000, 4, 100_000, TimeSpan.FromSeconds(5))));

        var verdict = Assert.Single(result.Verdicts());

        Assert.Equal(1.04, verdict.BareCpuToYarp, precision: 6);
        Assert.True(verdict.BareCpuMet);
        Assert.Equal(0.95, verdict.BareThroughputToYarp, precision: 6);
        Assert.True(verdict.BareThroughputMet);
        Assert.Equal(1.2, verdict.CpuToYarp, precision: 6);
        Assert.True(verdict.CpuMet);
        Assert.Equal(0.8, verdict.ThroughputToYarp, precision: 6);
        Assert.True(verdict.ThroughputMet);
        Assert.Equal(1.25, verdict.P99ToYarp, precision: 6);
        Assert.True(verdict.P99Met);
    }

    [Fact]
    public void A_gateway_past_a_target_is_reported_as_missing_it()
    {
        var result = Result(Everything(
            Sample(LoadTargetIds.GatewayPoliciesOn, 1, 15_000, 6, 100_000, TimeSpan.FromSeconds(6.5)),
            Sample(LoadTargetIds.GatewayPoliciesOff, 1, 18_000, 4.5, 100_000, TimeSpan.FromSeconds(5.5)),
            Sample(LoadTargetIds.Yarp, 1, 20_000, 4, 100_000, TimeSpan.FromSeconds(5))));
        using var writer = new StringWriter();

        var verdict = Assert.Single(result.Verdicts());
        verdict.WriteMarkdown(writer);

        Assert.False(verdict.BareCpuMet);
        Assert.False(verdict.BareThroughputMet);
        Assert.False(verdict.CpuMet);
        Assert.False(verdict.ThroughputMet);
        Assert.False(verdict.P99Met);
        Assert.Contains("- every policy off, CPU per request at most 1.05x: **missed**, 1.10x (55.0 µs).", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_verdict_reports_what_each_feature_costs_per_request_over_the_same_gateway_without_it()
    {
        var result = Result(Everything(
            Sample(LoadTargetIds.GatewayPoliciesOn, 1, 18_000, 5, 100_000, TimeSpan.FromSeconds(5)),
            Sample(LoadTargetIds.GatewayCors, 1, 17_000, 5, 100_000, TimeSpan.FromSeconds(5.2)),
            Sample(LoadTargetIds.GatewayAccessLog, 1, 16_000, 5, 100_000, TimeSpan.FromSeconds(6)),
            Sample(LoadTargetIds.GatewayCanary, 1, 17_500, 5, 100_000, TimeSpan.FromSeconds(5.1)),
            Sample(LoadTargetIds.GatewayAssertion, 1, 17_800, 5, 100_000, TimeSpan.FromSeconds(5.05))));
        using var writer = new StringWriter();

        var verdict = Assert.Single(result.Verdicts());
        verdict.WriteMarkdown(writer);

        Assert.Equal(2, verdict.FeatureCpuMicroseconds(LoadTargetIds.GatewayCors), precision: 6);
        Assert.Equal(10, verdict.FeatureCpuMicroseconds(LoadTargetIds.GatewayAccessLog), precision: 6);
        Assert.Contains(
            "CORS +2.0 µs (+4.0%, 17,000 req/s), the access log +10.0 µs (+20.0%, 16,000 req/s), a canary split +1.0 µs (+2.0%, 17,500 req/s), the identity assertion +0.5 µs (+1.0%, 17,800 req/s).",
            writer.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_verdict_sets_the_cpu_of_a_cache_hit_against_the_proxied_request_on_the_same_gateway()
    {
        var result = Result(Everything(
            Sample(LoadTargetIds.GatewayPoliciesOn, 1, 18_000, 5, 100_000, TimeSpan.FromSeconds(5)),
            Sample(LoadTargetIds.GatewayCached, 1, 31_000, 3, 200_000, TimeSpan.FromSeconds(4))));
        using var writer = new StringWriter();

        var verdict = Assert.Single(result.Verdicts());
        verdict.WriteMarkdown(writer);

        Assert.Equal(0.4, verdict.CacheHitToProxied, precision: 6);
        Assert.Contains(
            "- A cache hit costs 20.0 µs CPU/request against 50.0 µs for the proxied request on the same gateway (ratio 0.40); 31,000 against 18,000 req/s. Both count the gateway process only",
            writer.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_is_judged_on_the_gateway_with_every_policy_on_and_the_largest_proxying_gateway_is_named()
    {
        var memory = LoadTargetIds.All.ToDictionary(static id => id, static _ => 100L * 1024 * 1024);
        memory[LoadTargetIds.GatewayPoliciesOn] = 125L * 1024 * 1024;
        memory[LoadTargetIds.GatewayCached] = 500L * 1024 * 1024;
        memory[LoadTargetIds.GatewayAccessLog] = 130L * 1024 * 1024;
        var result = Result(Everything()) with { ResidentBytes = memory };
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        Assert.Equal((LoadTargetIds.GatewayAccessLog, 1.3), result.LargestMemoryToYarp());
        Assert.Contains(
            "- Memory after the run within 1.2x of bare YARP's 100.0 MB, the gateway with API key, rate limit and telemetry: **missed**, 1.25x (125.0 MB); every policy off 1.00x (100.0 MB); the largest, gateway-logged, 1.30x (130.0 MB).",
            writer.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_section_lists_the_cached_gateway_in_the_table_of_each_level()
    {
        var result = new LoadResult(
            new LoadOptions { Connections = [32, 128], Rounds = 1 },
            LoadTargetIds.All.Select(static id => (id, id)).ToArray(),
            LoadTargetIds.All.SelectMany(id => new[] { 32, 128 }.Select(connections =>
                new LoadSample(id, connections, 1, new WrkResult(10_000, 80_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), 0, 0), TimeSpan.FromSeconds(2)))).ToArray(),
            LoadTargetIds.All.ToDictionary(static id => id, static _ => 100L * 1024 * 1024),
            LoadTargetIds.All.ToDictionary(static id => id, static _ => TimeSpan.FromSeconds(6)),
            TelemetryBytes: 1024,
            TelemetryExports: 2);
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        var markdown = writer.ToString();
        Assert.Equal(3, markdown.Split($"| {LoadTargetIds.GatewayCached} |").Length - 1);
        Assert.Contains("At 32 connections, against bare YARP", markdown, StringComparison.Ordinal);
        Assert.Equal(2, markdown.Split("- A cache hit costs 25.0 µs CPU/request against 25.0 µs").Length - 1);
    }

    [Fact]
    public void The_section_marks_a_target_whose_runs_had_errors_as_not_valid()
    {
        var failing = new WrkResult(30_000, 240_000, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), Non2xx: 12, SocketErrors: 0);
        var result = Result(Everything(new LoadSample(LoadTargetIds.GatewayPoliciesOn, 32, 1, failing, TimeSpan.FromSeconds(3))));
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        Assert.Contains("| gateway (errors: not valid) |", writer.ToString(), StringComparison.Ordinal);
    }

    /// <summary>One sample of every target at 32 connections: those given, and 10,000 req/s at 50 µs CPU/request for the rest.</summary>
    private static LoadSample[] Everything(params LoadSample[] given) =>
    [
        .. given,
        .. LoadTargetIds.All.Where(id => given.All(sample => sample.TargetId != id))
            .Select(id => Sample(id, 1, 10_000, 4, 100_000, TimeSpan.FromSeconds(5))),
    ];

    private static LoadSample Sample(string target, int round, double rate, double p99Milliseconds, long requests, TimeSpan cpu) =>
        new(target, 32, round, new WrkResult(rate, requests, TimeSpan.FromMilliseconds(p99Milliseconds / 2), TimeSpan.FromMilliseconds(p99Milliseconds), 0, 0), cpu);

    private static LoadResult Result(LoadSample[] samples) => new(
        new LoadOptions { Connections = [32], Rounds = samples.Max(static s => s.Round) },
        LoadTargetIds.All.Select(static id => (id, id)).ToArray(),
        samples,
        LoadTargetIds.All.ToDictionary(static id => id, static _ => 100L * 1024 * 1024),
        LoadTargetIds.All.ToDictionary(static id => id, static _ => TimeSpan.FromSeconds(6)),
        TelemetryBytes: 1024,
        TelemetryExports: 2);
}
