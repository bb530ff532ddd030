using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// The targets at one connection level: the gateway with every policy on reaches at least 90% of bare YARP's
/// throughput with p99 within 1.25x of YARP's, and at least nginx's throughput.
/// </summary>
public sealed record LoadVerdict(LoadSummary Gateway, LoadSummary GatewayEveryTrace, LoadSummary GatewayCors, LoadSummary GatewayAccessLog, LoadSummary GatewayCached, LoadSummary GatewayBare, LoadSummary Yarp, LoadSummary Nginx)
{
    public double ThroughputToYarp => Gateway.RequestsPerSecond / Yarp.RequestsPerSecond;

    public double P99ToYarp => Gateway.P99 / Yarp.P99;

    public double ThroughputToNginx => Gateway.RequestsPerSecond / Nginx.RequestsPerSecond;

    /// <summary>What answering with CORS headers costs per request: the gateway with CORS less the same gateway without.</summary>
    public double CorsCpuMicroseconds => GatewayCors.CpuMicrosecondsPerRequest - Gateway.CpuMicrosecondsPerRequest;

    /// <summary>What writing one access-log record costs per request.</summary>
    public double AccessLogCpuMicroseconds => GatewayAccessLog.CpuMicrosecondsPerRequest - Gateway.CpuMicrosecondsPerRequest;

    /// <summary>
    /// What a cache hit costs against the proxied request on the same gateway: the cached gateway's CPU per request
    /// over the plain one's. Both are the gateway process alone, so the backend a proxied request also occupies is in neither.
    /// </summary>
    public double CacheHitToProxied => GatewayCached.CpuMicrosecondsPerRequest / Gateway.CpuMicrosecondsPerRequest;

    public bool ThroughputMet => ThroughputToYarp >= 0.90;

    public bool P99Met => P99ToYarp <= 1.25;

    public bool NginxMet => ThroughputToNginx >= 1.0;

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Invariant($"At {Gateway.Connections} connections:"));
        writer.WriteLine(Invariant($"- throughput ≥ 90% of bare YARP: {Verdict(ThroughputMet)}, {ThroughputToYarp:P0} ({Rate(Gateway.RequestsPerSecond)} against {Rate(Yarp.RequestsPerSecond)} req/s)."));
        writer.WriteLine(Invariant($"- p99 within 1.25x of bare YARP: {Verdict(P99Met)}, {Ratio(P99ToYarp)} ({Milliseconds(Gateway.P99)} against {Milliseconds(Yarp.P99)})."));
        writer.WriteLine(Invariant($"- throughput ≥ nginx: {Verdict(NginxMet)}, {Ratio(ThroughputToNginx)} of nginx's {Rate(Nginx.RequestsPerSecond)} req/s."));
        writer.WriteLine(Invariant(
            $"- CPU per request: gateway {Gateway.CpuMicrosecondsPerRequest:0.0} µs = bare YARP {Yarp.CpuMicrosecondsPerRequest:0.0} µs + the gateway's own pipeline {GatewayBare.CpuMicrosecondsPerRequest - Yarp.CpuMicrosecondsPerRequest:0.0} µs + API key, rate limit and telemetry {Gateway.CpuMicrosecondsPerRequest - GatewayBare.CpuMicrosecondsPerRequest:0.0} µs; keeping every trace adds {GatewayEveryTrace.CpuMicrosecondsPerRequest - Gateway.CpuMicrosecondsPerRequest:0.0} µs; nginx {Nginx.CpuMicrosecondsPerRequest:0.0} µs."));
        writer.WriteLine(Invariant(
            $"- Features when enabled on the route, CPU per request over the gateway without them: CORS {Signed(CorsCpuMicroseconds)} µs ({Signed(CorsCpuMicroseconds / Gateway.CpuMicrosecondsPerRequest * 100)}%), the access log {Signed(AccessLogCpuMicroseconds)} µs ({Signed(AccessLogCpuMicroseconds / Gateway.CpuMicrosecondsPerRequest * 100)}%); {Rate(GatewayCors.RequestsPerSecond)} and {Rate(GatewayAccessLog.RequestsPerSecond)} req/s against {Rate(Gateway.RequestsPerSecond)}."));
        writer.WriteLine(Invariant(
            $"- A cache hit costs {GatewayCached.CpuMicrosecondsPerRequest:0.0} µs CPU/request against {Gateway.CpuMicrosecondsPerRequest:0.0} µs for the proxied request on the same gateway (ratio {CacheHitToProxied:0.00}); {Rate(GatewayCached.RequestsPerSecond)} against {Rate(Gateway.RequestsPerSecond)} req/s. Both count the gateway process only (not the backend the proxied request also occupies); every measured request of the cached target was a hit (the run checks that none reached its backend)."));
        writer.WriteLine();
    }

    private static string Signed(double value) => Invariant($"{value:+0.0;-0.0;0.0}");
}
