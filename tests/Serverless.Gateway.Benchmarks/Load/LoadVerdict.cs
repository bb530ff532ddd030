using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// The targets at one connection level, against bare YARP: the gateway with every policy off at most 1.05x its CPU per
/// request and at least 0.95x its throughput; with API key, rate limit, quotas and telemetry at most 1.25x its CPU, at
/// least 0.8x its throughput and its p99 within 1.25x. Each feature's price is its gateway's CPU per request over the
/// plain gateway's, which is reported, not judged.
/// </summary>
public sealed record LoadVerdict(int Connections, IReadOnlyDictionary<string, LoadSummary> Summaries)
{
    public const double BareCpuTarget = 1.05;
    public const double BareThroughputTarget = 0.95;
    public const double CpuTarget = 1.25;
    public const double ThroughputTarget = 0.8;
    public const double P99Target = 1.25;

    private LoadSummary Gateway => Summaries[LoadTargetIds.GatewayPoliciesOn];

    private LoadSummary Bare => Summaries[LoadTargetIds.GatewayPoliciesOff];

    private LoadSummary Yarp => Summaries[LoadTargetIds.Yarp];

    public double BareCpuToYarp => Bare.CpuMicrosecondsPerRequest / Yarp.CpuMicrosecondsPerRequest;

    public double BareThroughputToYarp => Bare.RequestsPerSecond / Yarp.RequestsPerSecond;

    public double CpuToYarp => Gateway.CpuMicrosecondsPerRequest / Yarp.CpuMicrosecondsPerRequest;

    public double ThroughputToYarp => Gateway.RequestsPerSecond / Yarp.RequestsPerSecond;

    public double P99ToYarp => Gateway.P99 / Yarp.P99;

    public bool BareCpuMet => BareCpuToYarp <= BareCpuTarget;

    public bool BareThroughputMet => BareThroughputToYarp >= BareThroughputTarget;

    public bool CpuMet => CpuToYarp <= CpuTarget;

    public bool ThroughputMet => ThroughputToYarp >= ThroughputTarget;

    public bool P99Met => P99ToYarp <= P99Target;

    /// <summary>What a feature costs per request: its gateway's CPU per request less the same gateway's without it.</summary>
    public double FeatureCpuMicroseconds(string targetId) => Summaries[targetId].CpuMicrosecondsPerRequest - Gateway.CpuMicrosecondsPerRequest;

    /// <summary>
    /// What a cache hit costs against the proxied request on the same gateway: the cached gateway's CPU per request
    /// over the plain one's. Both are the gateway process alone, so the backend a proxied request also occupies is in neither.
    /// </summary>
    public double CacheHitToProxied => Summaries[LoadTargetIds.GatewayCached].CpuMicrosecondsPerRequest / Gateway.CpuMicrosecondsPerRequest;

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var nginx = Summaries[LoadTargetIds.Nginx];
        writer.WriteLine(Invariant($"At {Connections} connections, against bare YARP ({Yarp.CpuMicrosecondsPerRequest:0.0} µs CPU/request, {Rate(Yarp.RequestsPerSecond)} req/s, p99 {Milliseconds(Yarp.P99)}):"));
        writer.WriteLine(Invariant($"- every policy off, CPU per request at most {BareCpuTarget:0.00}x: {Verdict(BareCpuMet)}, {Ratio(BareCpuToYarp)} ({Bare.CpuMicrosecondsPerRequest:0.0} µs)."));
        writer.WriteLine(Invariant($"- every policy off, throughput at least {BareThroughputTarget:0.00}x: {Verdict(BareThroughputMet)}, {Ratio(BareThroughputToYarp)} ({Rate(Bare.RequestsPerSecond)} req/s)."));
        writer.WriteLine(Invariant($"- API key, rate limit, quotas and telemetry, CPU per request at most {CpuTarget:0.00}x: {Verdict(CpuMet)}, {Ratio(CpuToYarp)} ({Gateway.CpuMicrosecondsPerRequest:0.0} µs)."));
        writer.WriteLine(Invariant($"- the same, throughput at least {ThroughputTarget:0.00}x: {Verdict(ThroughputMet)}, {Ratio(ThroughputToYarp)} ({Rate(Gateway.RequestsPerSecond)} req/s)."));
        writer.WriteLine(Invariant($"- the same, p99 within {P99Target:0.00}x: {Verdict(P99Met)}, {Ratio(P99ToYarp)} ({Milliseconds(Gateway.P99)})."));
        writer.WriteLine(Invariant(
            $"- CPU per request: gateway {Gateway.CpuMicrosecondsPerRequest:0.0} µs = bare YARP {Yarp.CpuMicrosecondsPerRequest:0.0} µs + the gateway's own pipeline {Bare.CpuMicrosecondsPerRequest - Yarp.CpuMicrosecondsPerRequest:0.0} µs + API key, rate limit and telemetry {Gateway.CpuMicrosecondsPerRequest - Bare.CpuMicrosecondsPerRequest:0.0} µs; keeping every trace adds {FeatureCpuMicroseconds(LoadTargetIds.GatewayEveryTrace):0.0} µs; nginx {nginx.CpuMicrosecondsPerRequest:0.0} µs ({Rate(nginx.RequestsPerSecond)} req/s)."));
        writer.WriteLine(Invariant(
            $"- Features when enabled on the route, CPU per request over the same gateway without them ({Gateway.CpuMicrosecondsPerRequest:0.0} µs, {Rate(Gateway.RequestsPerSecond)} req/s): {string.Join(", ", Features.Select(Price))}."));
        var cached = Summaries[LoadTargetIds.GatewayCached];
        writer.WriteLine(Invariant(
            $"- A cache hit costs {cached.CpuMicrosecondsPerRequest:0.0} µs CPU/request against {Gateway.CpuMicrosecondsPerRequest:0.0} µs for the proxied request on the same gateway (ratio {CacheHitToProxied:0.00}); {Rate(cached.RequestsPerSecond)} against {Rate(Gateway.RequestsPerSecond)} req/s. Both count the gateway process only (not the backend the proxied request also occupies); every measured request of the cached target was a hit (the run checks that none reached its backend)."));
        writer.WriteLine();
    }

    private static readonly (string Id, string Name)[] Features =
    [
        (LoadTargetIds.GatewayCors, "CORS"),
        (LoadTargetIds.GatewayAccessLog, "the access log"),
        (LoadTargetIds.GatewayCanary, "a canary split"),
        (LoadTargetIds.GatewayAssertion, "the identity assertion"),
    ];

    private string Price((string Id, string Name) feature)
    {
        var cost = FeatureCpuMicroseconds(feature.Id);
        return Invariant(
            $"{feature.Name} {Signed(cost)} µs ({Signed(cost / Gateway.CpuMicrosecondsPerRequest * 100)}%, {Rate(Summaries[feature.Id].RequestsPerSecond)} req/s)");
    }

    private static string Signed(double value) => Invariant($"{value:+0.0;-0.0;0.0}");
}
