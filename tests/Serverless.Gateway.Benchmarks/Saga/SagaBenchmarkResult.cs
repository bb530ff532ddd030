using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>A saga benchmark run: the Durable engine, and the engine it replaced when it was measured in the same run.</summary>
public sealed record SagaBenchmarkResult(SagaBenchmarkOptions Options, DateTimeOffset Date, SagaEngineResult Durable, SagaEngineResult? Baseline)
{
    public const string Heading = "## Order saga on Azurite";

    /// <summary>Whether every engine measured completed every order with its ledgers agreeing: figures to trust.</summary>
    public bool Succeeded => Durable.Succeeded && Baseline?.Succeeded != false;

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Heading);
        writer.WriteLine();
        writer.WriteLine(Invariant(
            $"`-- saga` (see benchmarks/README.md), {Date:yyyy-MM-dd HH:mm} UTC: {Options.Orders} orders placed in a closed loop with {Options.Concurrency} in flight, each order's status read every {Options.PollInterval.TotalMilliseconds:0} ms until it is terminal, after {Options.Warmup} warm-up orders that are not counted; Azurite in memory, the demo participants without faults and with ample stock."));
        writer.WriteLine(Baseline is null
            ? Invariant($"Only the Durable engine ran (no `--baseline`), its task hub queues polled at most every {Options.MaxQueuePollingInterval.TotalMilliseconds:0} ms; benchmarks/run.sh also measures the engine it replaced.")
            : Invariant($"Both engines ran in turn on the same machine, the replaced one first, with the same options; task hub queues (Durable) and storage queues (replaced engine) polled at most every {Options.MaxQueuePollingInterval.TotalMilliseconds:0} ms."));
        writer.WriteLine(
            "Completed sagas/s is completed orders ÷ time from the first POST to the last terminal status seen. The load average is the machine's (other work shares its 2 cores): compare the engines only when it is similar.");
        writer.WriteLine();
        SagaComparison.Write(writer, Durable, Baseline);
        writer.WriteLine();
        writer.WriteLine(Invariant($"### {Durable.Engine}, commit `{Durable.Commit}`"));
        writer.WriteLine();
        writer.WriteLine("Client → gateway (API key, plan rate limit, identity assertion) → orders service (`POST /orders` schedules the orchestration; `GET /orders/{id}` reads its custom status) → Durable Task worker and sidecar over DurableTask.AzureStorage → the participants over HTTP.");
        writer.WriteLine();
        writer.Write(Durable.Report);
        writer.WriteLine();
        if (Baseline is not null)
        {
            writer.WriteLine(Invariant($"### The engine it replaced: {Baseline.Engine}, commit `{Baseline.Commit}`"));
            writer.WriteLine();
            writer.WriteLine("That commit's own saga benchmark, built from a temporary git worktree and run as it was: the gateway with its saga engine, the participants and the client in one process; its output as printed:");
            writer.WriteLine();
            writer.WriteLine(Baseline.Report.TrimEnd());
            writer.WriteLine();
        }
    }
}
