using System.Diagnostics;
using System.Text;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>
/// Runs a build tool (<c>dotnet publish</c>, <c>infra/check.sh</c>) as a real child process and collects its output,
/// killing the whole process tree if it runs past its time.
/// </summary>
public static class ToolProcess
{
    /// <returns>The exit code, or null when it timed out; and everything it wrote.</returns>
    public static async Task<(int? ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // The test host may inherit the MSBuild location of the `dotnet test` that started it; let the child find its own,
        // and leave no MSBuild node behind holding the output pipes open.
        foreach (var variable in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH"])
        {
            start.Environment.Remove(variable);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (null, Text(log));
        }

        return (process.ExitCode, Text(log));
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
