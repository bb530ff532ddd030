using Serverless.Gateway.Benchmarks.Reporting;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>Every sample of a load run, summarised per target and connection level, and written as a RESULTS.md section.</summary>
public sealed record LoadResult(
    LoadOptions Options,
    IReadOnlyList<(string Id, string Name)> Targets,
    IReadOnlyList<LoadSample> Samples,
    IReadOnlyDictionary<string, long> ResidentBytes,
    IReadOnlyDictionary<string, TimeSpan> Warmups,
    long TelemetryBytes,
    long TelemetryExports)
{
    public LoadSummary Summary(string targetId, int connections)
    {
        var samples = Samples.Where(s => s.TargetId == targetId && s.Connections == connections).ToArray();
        return new LoadSummary(
            targetId,
            connections,
            Statistics.Median(samples.Select(static s => s.Wrk.RequestsPerSecond)),
            TimeSpan.FromTicks((long)Statistics.Median(samples.Select(static s => (double)s.Wrk.P50.Ticks))),
            TimeSpan.FromTicks((long)Statistics.Median(samples.Select(static s => (double)s.Wrk.P99.Ticks))),
            Statistics.Median(samples.Select(static s => s.CpuMicrosecondsPerRequest)),
            samples.All(static s => s.Wrk.IsClean));
    }

    public IReadOnlyList<LoadVerdict> Verdicts() => Options.Connections.Select(connections => new LoadVerdict(
        connections, Targets.ToDictionary(target => target.Id, target => Summary(target.Id, connections), StringComparer.Ordinal))).ToArray();

    /// <summary>The target for memory: the gateway with every policy on within 1.2x of bare YARP's resident memory after the run.</summary>
    public const double MemoryTarget = 1.2;

    public double MemoryToYarp(string targetId) => (double)ResidentBytes[targetId] / ResidentBytes[LoadTargetIds.Yarp];

    /// <summary>The gateway that proxies with the most resident memory (the cached one, which holds responses, left out).</summary>
    public (string Id, double Ratio) LargestMemoryToYarp() => Targets
        .Where(static target => target.Id.StartsWith(LoadTargetIds.GatewayPoliciesOn, StringComparison.Ordinal) && target.Id != LoadTargetIds.GatewayCached)
        .Select(target => (target.Id, Ratio: MemoryToYarp(target.Id)))
        .MaxBy(static pair => pair.Ratio);

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Proxy throughput and latency (wrk)");
        writer.WriteLine();
        writer.WriteLine(Invariant(
            $"wrk, 1 thread, {Options.Duration.TotalSeconds:0} s per run, {Options.Rounds} rounds alternating the targets (order rotated each round); medians over the rounds. "));
        writer.WriteLine(Invariant(
            $"Each target was first loaded in {Options.Warmup.TotalSeconds:0} s runs until its rate stopped improving (the JIT had optimised its hot path): {string.Join(", ", Targets.Select(t => $"{t.Name} {Warmups[t.Id].TotalSeconds:0} s"))}. How a cold instance does is the start-up section's subject."));
        writer.WriteLine("The backend answers `GET /bench/products/42` with 80 bytes of JSON; every proxy serves the same route to it. Load generator, proxies and backend share the machine's cores, so a proxy can reach about half the direct rate at best: read the ratios. CPU/request is the target's own processes (user + system) over the run ÷ requests: the portable figure.");
        writer.WriteLine();
        foreach (var connections in Options.Connections)
        {
            WriteLevel(writer, connections);
        }

        writer.WriteLine("| memory after the run (RSS) | |");
        writer.WriteLine("|---|---:|");
        foreach (var (id, name) in Targets)
        {
            writer.WriteLine($"| {name} | {Megabytes(ResidentBytes[id])} |");
        }

        writer.WriteLine();
        writer.WriteLine(Invariant($"Telemetry from the gateways with policies on reached the OTLP sink: {Megabytes(TelemetryBytes)} in {TelemetryExports} exports."));
        writer.WriteLine();
        writer.WriteLine("### Targets");
        writer.WriteLine();
        var (largest, largestRatio) = LargestMemoryToYarp();
        var memoryRatio = MemoryToYarp(LoadTargetIds.GatewayPoliciesOn);
        writer.WriteLine(Invariant(
            $"- Memory after the run within {MemoryTarget:0.0}x of bare YARP's {Megabytes(ResidentBytes[LoadTargetIds.Yarp])}, the gateway with API key, rate limit and telemetry: {Verdict(memoryRatio <= MemoryTarget)}, {Ratio(memoryRatio)} ({Megabytes(ResidentBytes[LoadTargetIds.GatewayPoliciesOn])}); every policy off {Ratio(MemoryToYarp(LoadTargetIds.GatewayPoliciesOff))} ({Megabytes(ResidentBytes[LoadTargetIds.GatewayPoliciesOff])}); the largest, {Targets.First(t => t.Id == largest).Name}, {Ratio(largestRatio)} ({Megabytes(ResidentBytes[largest])})."));
        writer.WriteLine();
        foreach (var verdict in Verdicts())
        {
            verdict.WriteMarkdown(writer);
        }
    }

    private void WriteLevel(TextWriter writer, int connections)
    {
        var direct = Summary(LoadTargetIds.Direct, connections);
        writer.WriteLine(Invariant($"**{connections} connections**"));
        writer.WriteLine();
        writer.WriteLine("| target | req/s | p50 | p99 | ratio to direct | CPU/request |");
        writer.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (id, name) in Targets)
        {
            var summary = Summary(id, connections);
            var errors = summary.AllClean ? string.Empty : " (errors: not valid)";
            writer.WriteLine(Invariant(
                $"| {name}{errors} | {Rate(summary.RequestsPerSecond)} | {Milliseconds(summary.P50)} | {Milliseconds(summary.P99)} | {Ratio(summary.RequestsPerSecond / direct.RequestsPerSecond)} | {summary.CpuMicrosecondsPerRequest:0.0} µs |"));
        }

        writer.WriteLine();
    }
}
