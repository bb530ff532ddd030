using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>The start-up benchmark's samples, summarised per variant and route, and its report against the issue's target.</summary>
public sealed class StartupResult(StartupOptions options, IReadOnlyList<StartupTarget> targets, IReadOnlyList<StartupSample> samples)
{
    /// <summary>The target, for the ReadyToRun build that azd deploys: the first proxied 200 under 500 ms (the aim is 300 ms).</summary>
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(500);

    public StartupOptions Options { get; } = options;

    public IReadOnlyList<StartupSample> Samples { get; } = samples;

    /// <summary>The machine's one-minute load average when the measured starts began and when they ended.</summary>
    public (double Before, double After) LoadAverages { get; init; }

    public IReadOnlyList<StartupSummary> Summaries { get; } =
        [.. targets.Select(target => new StartupSummary(target, [.. samples.Where(s => s.Variant == target.Variant && s.Route == target.Route)]))];

    public StartupSummary? Find(string variant, string route) =>
        Summaries.FirstOrDefault(summary => summary.Target.Variant == variant && summary.Target.Route == route);

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Start-up");
        writer.WriteLine();
        writer.WriteLine(Invariant($"From starting the process (`dotnet <dll>`, or the self-contained build's executable; Release) to the first 200 proxied from the 80-byte backend, each variant started {Options.Repeats} times in turns after one unmeasured start, polling every {Options.PollInterval.TotalMilliseconds:0} ms: first the port until it accepts a connection (*listening*: configuration, services, hosted services and Kestrel are up), then the route (*first request*: from listening to the 200). The gateway uses Azurite in memory; the API-key route's first request reads the key from storage. .NET {Environment.Version}, {Environment.ProcessorCount} cores shared with other work (load average {LoadAverages.Before:0.0} before, {LoadAverages.After:0.0} after), {DateTime.UtcNow:yyyy-MM-dd}; medians, as single starts vary by a few hundred milliseconds here."));
        writer.WriteLine();
        writer.WriteLine("| variant | route | first proxied 200: median (min–max) | listening | first request | CPU time by the first 200 |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var summary in Summaries)
        {
            writer.WriteLine(Invariant($"| {summary.Target.Variant} | {summary.Target.Route} | **{Ms(summary.MedianFirstOk)}** ({Ms(summary.MinFirstOk)}–{Ms(summary.MaxFirstOk)}) | {Ms(summary.MedianListening)} | {Ms(summary.MedianFirstRequest)} | {Ms(summary.MedianCpuTime)} |"));
        }

        writer.WriteLine();
        WriteTarget(writer, StartupTargets.ReadyToRun, judged: true);
        WriteTarget(writer, StartupTargets.Jit, judged: false);
        WriteTarget(writer, StartupTargets.Composite, judged: false);
        writer.WriteLine();
        StartupFindings.Write(writer, this);
    }

    private void WriteTarget(TextWriter writer, string variant, bool judged)
    {
        if (Find(variant, StartupTargets.Keyed) is not { } keyed)
        {
            return;
        }

        var open = Find(variant, StartupTargets.Open);
        var verdict = judged ? Invariant($"**Under {Ms(Target)} to the first proxied 200, {variant}: {(keyed.MedianFirstOk < Target ? "met" : "missed")}**") : Invariant($"First proxied 200, {variant}");
        writer.WriteLine(Invariant($"- {verdict} with the API key and rate limit ({Ms(keyed.MedianFirstOk)} median, {Ms(keyed.MinFirstOk)}–{Ms(keyed.MaxFirstOk)}, {Ms(keyed.MedianCpuTime)} of CPU by then){(open is null ? "" : Invariant($"; {Ms(open.MedianFirstOk)} without policies"))}."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
