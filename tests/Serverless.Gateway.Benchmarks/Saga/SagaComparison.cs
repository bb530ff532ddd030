using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>The engines side by side in one table, with the ratio Durable ÷ replaced engine.</summary>
public static class SagaComparison
{
    public static void Write(TextWriter writer, SagaEngineResult durable, SagaEngineResult? baseline)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(durable);
        writer.WriteLine("| engine | commit | Completed | completed sagas/s | POST to terminal p50 | p99 | `POST /orders` p50 | ledgers | load average (1 min), start → end |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        if (baseline is null)
        {
            writer.WriteLine("| the engine it replaced | - | not measured in this run | | | | | | |");
        }
        else
        {
            Row(writer, baseline);
        }

        Row(writer, durable);
        if (baseline?.Figures is { } old && durable.Figures is { } now)
        {
            writer.WriteLine(Invariant(
                $"| **Durable ÷ replaced** | | | **{Times(now.SagasPerSecond, old.SagasPerSecond)}** | {Times(now.TerminalP50, old.TerminalP50)} | {Times(now.TerminalP99, old.TerminalP99)} | {Times(now.PostP50, old.PostP50)} | | |"));
        }
    }

    private static void Row(TextWriter writer, SagaEngineResult engine)
    {
        var load = Invariant($"{engine.LoadBefore:0.00} → {engine.LoadAfter:0.00}");
        writer.WriteLine(engine.Figures is { } figures
            ? Invariant(
                $"| {engine.Engine} | `{engine.Commit}` | {figures.Completed} of {figures.Orders} | {figures.SagasPerSecond:0.0} | {Ms(figures.TerminalP50)} | {Ms(figures.TerminalP99)} | {Ms(figures.PostP50)} | {(figures.LedgersAgree ? "agree" : "**disagree**")} | {load} |")
            : Invariant($"| {engine.Engine} | `{engine.Commit}` | **failed** (exit code {engine.ExitCode}; see its report) | | | | | | {load} |"));
    }

    private static string Ms(TimeSpan value) => Invariant($"{value.TotalMilliseconds:#,0} ms");

    private static string Times(double now, double old) => old > 0 ? Ratio(now / old) : "-";

    private static string Times(TimeSpan now, TimeSpan old) => Times(now.TotalMilliseconds, old.TotalMilliseconds);
}
