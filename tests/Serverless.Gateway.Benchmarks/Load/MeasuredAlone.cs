using System.Globalization;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// Runs a measurement of one target with every other target's processes stopped (SIGSTOP), the backend they all
/// forward to excepted: an idle gateway is not idle (rate-limit rounds, fleet health, telemetry export, queue polling),
/// and on two shared cores a handful of them running beside the measured one moved its figures by a third from run to
/// run. The target gets a second to catch up on its own timers after a pause before the load starts; the others
/// continue once the measurement is over, whatever its outcome.
/// </summary>
public static class MeasuredAlone
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static async Task<T> RunAsync<T>(
        LoadTarget target, IEnumerable<LoadTarget> targets, BenchProcess backend, Func<Task<T>> measure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(measure);
        var others = targets.Select(static other => other.Process).Where(process => process != target.Process && process != backend)
            .Distinct().SelectMany(static process => ProcessTree.Of(process.Id)).ToArray();
        await SignalAsync("STOP", others, cancellationToken);
        try
        {
            await Task.Delay(Settle, cancellationToken);
            return await measure();
        }
        finally
        {
            await SignalAsync("CONT", others, CancellationToken.None);
        }
    }

    private static async Task SignalAsync(string signal, int[] processes, CancellationToken cancellationToken)
    {
        if (processes.Length > 0)
        {
            await BenchProcess.RunAsync(
                $"kill -{signal}", "kill", [$"-{signal}", .. processes.Select(static id => id.ToString(CultureInfo.InvariantCulture))], cancellationToken);
        }
    }
}
