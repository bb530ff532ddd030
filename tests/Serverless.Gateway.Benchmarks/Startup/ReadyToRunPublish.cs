using Serverless.AppHost.Azurite;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// The gateway published framework-dependent with ReadyToRun code, into a temporary directory that is deleted
/// afterwards. Its intermediate files go there too (<c>--artifacts-path</c>), so the worktree's own build is untouched.
/// </summary>
public sealed class ReadyToRunPublish : IDisposable
{
    private readonly string _root;

    private ReadyToRunPublish(string root)
    {
        _root = root;
        AssemblyPath = Path.Combine(root, "app", "Serverless.Gateway.dll");
    }

    public string AssemblyPath { get; }

    public static async Task<ReadyToRunPublish> CreateAsync(CancellationToken cancellationToken)
    {
        var publish = new ReadyToRunPublish(Directory.CreateTempSubdirectory("gateway-r2r-").FullName);
        try
        {
            var project = Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway");
            await BenchProcess.RunAsync("dotnet publish", "dotnet",
                ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true",
                    "-o", Path.GetDirectoryName(publish.AssemblyPath)!, "--artifacts-path", Path.Combine(publish._root, "artifacts")],
                cancellationToken);
            return publish;
        }
        catch
        {
            publish.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
