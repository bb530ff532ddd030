using System.Runtime.InteropServices;

namespace Serverless.LocalRun;

/// <summary>
/// Turns the first Ctrl+C or SIGTERM into a cancellation, so every child process and backend is stopped in order.
/// A second signal is left to its default action, so an impatient user can still force the process to end.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_requested.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        Console.WriteLine($"{Environment.NewLine}{context.Signal} received, stopping (send it again to force)...");
        _requested.Cancel();
    }
}
