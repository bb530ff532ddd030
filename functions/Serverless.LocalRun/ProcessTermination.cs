using System.Diagnostics;
using System.Globalization;

namespace Serverless.LocalRun;

public static class ProcessTermination
{
    /// <summary>
    /// Asks a child process to shut down (SIGTERM) so it can finish requests and flush state, and kills its process
    /// tree if it is still running after <paramref name="gracePeriod"/>.
    /// </summary>
    public static async Task TerminateAsync(Process process, TimeSpan gracePeriod, string displayName)
    {
        if (process.HasExited)
        {
            return;
        }

        // Windows has no SIGTERM for a console process, so it is killed outright.
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return;
        }

        // .NET can only SIGKILL another process; kill(1) delivers SIGTERM.
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(gracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{displayName} did not stop within {gracePeriod.TotalSeconds:0} s; killing it.");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
