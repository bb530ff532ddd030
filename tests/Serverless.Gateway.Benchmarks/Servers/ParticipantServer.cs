using System.Runtime.InteropServices;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Benchmarks.Servers;

/// <summary>
/// One of the demo saga participants (inventory, payment, shipping) as a server process of its own for the saga
/// benchmark, without faults, until SIGTERM or Ctrl+C.
/// </summary>
public static class ParticipantServer
{
    public static async Task<int> RunAsync<TService>(Func<CancellationToken, Task<TService>> start)
        where TService : ParticipantService
    {
        ArgumentNullException.ThrowIfNull(start);
        using var stopping = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using var service = await start(stopping.Token);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        return 0;
    }
}
