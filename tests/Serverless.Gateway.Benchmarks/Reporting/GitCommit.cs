using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>The commit a checkout is at, as the results name it.</summary>
public static class GitCommit
{
    /// <summary>The short commit id of <paramref name="repositoryRoot"/>, with a note when tracked files have uncommitted changes.</summary>
    public static async Task<string> DescribeAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        try
        {
            var commit = (await BenchProcess.RunAsync("git", "git", ["-C", repositoryRoot, "rev-parse", "--short", "HEAD"], cancellationToken)).Trim();
            var changes = await BenchProcess.RunAsync("git", "git", ["-C", repositoryRoot, "status", "--porcelain", "--untracked-files=no"], cancellationToken);
            return string.IsNullOrWhiteSpace(changes) ? commit : $"{commit} with uncommitted changes";
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown (not a git checkout)";
        }
    }
}
