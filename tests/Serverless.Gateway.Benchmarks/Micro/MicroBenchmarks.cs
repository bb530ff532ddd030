using BenchmarkDotNet.Running;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// Runs every hot-path micro-benchmark with <see cref="HotPathConfig"/> and collects the figures for a report. The
/// benchmarks' Azurite is left running; the caller stops it with <see cref="BenchmarkStorage.StopAsync"/>.
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>In the order a request meets them, then the whole request.</summary>
    public static IReadOnlyList<Type> Classes { get; } =
    [
        typeof(RouteMatchBenchmarks),
        typeof(ApiKeyCheckBenchmarks),
        typeof(JwtValidationBenchmarks),
        typeof(RateLimitDecisionBenchmarks),
        typeof(IdentityAssertionBenchmarks),
        typeof(ProxyPipelineBenchmarks),
    ];

    /// <param name="bdnArgs">BenchmarkDotNet command-line options, e.g. <c>--filter *Jwt*</c>; none runs everything.</param>
    public static MicroBenchmarkResults Run(string[]? bdnArgs = null) =>
        MicroBenchmarkResults.From(BenchmarkRunner.Run([.. Classes], new HotPathConfig(), bdnArgs ?? []));
}
