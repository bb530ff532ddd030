using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// Loads a target with wrk until two runs in a row fail to beat its best rate by more than 2%: until then the JIT is
/// still replacing quickly compiled code with optimised code, and a measurement would be of the compiler, not the proxy.
/// </summary>
public static class WarmUp
{
    /// <returns>How long the target was loaded.</returns>
    public static async Task<TimeSpan> RunAsync(
        LoadTarget target, int connections, TimeSpan run, TimeSpan most, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(progress);
        var warmed = TimeSpan.Zero;
        var best = 0.0;
        var flat = 0;
        while (warmed < most && flat < 2)
        {
            var result = await Wrk.RunAsync(target.Uri, connections, run, target.Headers, cancellationToken);
            warmed += run;
            flat = result.RequestsPerSecond > best * 1.02 ? 0 : flat + 1;
            best = Math.Max(best, result.RequestsPerSecond);
        }

        progress.WriteLine(Invariant($"Warmed up {target.Name} for {warmed.TotalSeconds:0} s (best {best:0} req/s)."));
        return warmed;
    }
}
