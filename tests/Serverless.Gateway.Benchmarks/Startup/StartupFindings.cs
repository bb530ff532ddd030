using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>Where the start-up time goes: comparisons between this run's variants.</summary>
public static class StartupFindings
{
    public static void Write(TextWriter writer, StartupResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteLine("### Where the time goes");
        writer.WriteLine();
        writer.WriteLine("Medians of this run; when other work competes for the cores, CPU time is the steadier figure to compare variants by.");
        writer.WriteLine();
        var jit = result.Find(StartupTargets.Jit, StartupTargets.Keyed);
        var jitOpen = result.Find(StartupTargets.Jit, StartupTargets.Open);
        if (jit is not null)
        {
            writer.WriteLine(Invariant($"- Start-up is CPU work: the JIT gateway has used {Ms(jit.MedianCpuTime)} of CPU by its first 200 ({Ms(jit.MedianFirstOk)} wall), mostly compiling methods on first use (see ReadyToRun below); where the wall time is longer, other processes had the two cores."));
            writer.WriteLine(Invariant($"- It listens after {Ms(jit.MedianListening)}; the first request then takes {Ms(jit.MedianFirstRequest)}{(jitOpen is null ? "" : Invariant($", {Signed(jit.MedianFirstRequest - jitOpen.MedianFirstRequest)} against the route without policies (the key read from storage, then the first rate-limit and quota counters)"))}."));
        }

        if (jit is not null && result.Find(StartupTargets.ReadyToRun, StartupTargets.Keyed) is { } r2r)
        {
            writer.WriteLine(Invariant($"- ReadyToRun: first 200 after {Ms(r2r.MedianFirstOk)} against {Ms(jit.MedianFirstOk)} with JIT ({Signed(r2r.MedianFirstOk - jit.MedianFirstOk)}), CPU {Signed(r2r.MedianCpuTime - jit.MedianCpuTime)}; what it still compiles are generic instantiations across assemblies (the Azure SDK's async methods over CoreLib's builders), which ReadyToRun code cannot hold outside one version bubble."));
        }

        if (jit is not null && result.Find(StartupTargets.Composite, StartupTargets.Keyed) is { } composite)
        {
            writer.WriteLine(Invariant($"- Self-contained composite ReadyToRun: first 200 after {Ms(composite.MedianFirstOk)} ({Signed(composite.MedianFirstOk - jit.MedianFirstOk)} against JIT), CPU {Signed(composite.MedianCpuTime - jit.MedianCpuTime)}: the app and the framework precompiled as one image, so the generic code across them is compiled ahead too; the price is a 150 MB self-contained deployment and a publish of several minutes."));
        }

        if (jitOpen is not null && result.Summaries.FirstOrDefault(static s => s.Target.Variant == "bare YARP, JIT") is { } yarp)
        {
            writer.WriteLine(Invariant($"- Bare YARP, the floor for ASP.NET Core with YARP under JIT here, listens after {Ms(yarp.MedianListening)} and proxies its first 200 after {Ms(yarp.MedianFirstOk)}; the gateway without policies listens {Signed(jitOpen.MedianListening - yarp.MedianListening)} later."));
        }

        if (result.Find(StartupTargets.BareYarpReadyToRun, StartupTargets.Open) is { } yarpR2r && result.Find(StartupTargets.ReadyToRun, StartupTargets.Open) is { } r2rOpen)
        {
            var keyed = result.Find(StartupTargets.ReadyToRun, StartupTargets.Keyed);
            writer.WriteLine(Invariant($"- Bare YARP published ReadyToRun as the gateway is, the floor for the start-up target on this machine: first 200 after {Ms(yarpR2r.MedianFirstOk)} (listening {Ms(yarpR2r.MedianListening)}, {Ms(yarpR2r.MedianCpuTime)} of CPU); the gateway's ReadyToRun build {Signed(r2rOpen.MedianFirstOk - yarpR2r.MedianFirstOk)} without policies{(keyed is null ? "" : Invariant($", {Signed(keyed.MedianFirstOk - yarpR2r.MedianFirstOk)} with the API key and rate limit"))}."));
        }

        foreach (var experiment in result.Summaries.Where(static s => s.Target.Experiment is not null))
        {
            if (result.Find(StartupTargets.Jit, experiment.Target.Baseline ?? experiment.Target.Route) is { } baseline)
            {
                writer.WriteLine(Invariant($"- Experiment, {experiment.Target.Variant}, {experiment.Target.Route}: CPU by the first 200 {Signed(experiment.MedianCpuTime - baseline.MedianCpuTime)}, first 200 {Signed(experiment.MedianFirstOk - baseline.MedianFirstOk)}, listening {Signed(experiment.MedianListening - baseline.MedianListening)} against the JIT gateway ({baseline.Target.Route}). Why: {experiment.Target.Experiment}."));
            }
        }

        writer.WriteLine();
    }

    private static string Ms(TimeSpan value) => StartupResult.Ms(value);

    private static string Signed(TimeSpan value) => (value >= TimeSpan.Zero ? "+" : "−") + Ms(value.Duration());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
