using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// The gateway published with ReadyToRun code into a temporary directory that is deleted afterwards: framework-dependent,
/// or self-contained with one composite image of the app and the framework. Intermediate files go there too
/// (<c>--artifacts-path</c>), so the worktree's own build is untouched.
/// </summary>
public sealed class ReadyToRunPublish : IDisposable
{
    private readonly string _root;

    private ReadyToRunPublish(string root, GatewayLauncher launcher)
    {
        _root = root;
        Launcher = launcher;
    }

    public GatewayLauncher Launcher { get; }

    public static async Task<ReadyToRunPublish> CreateAsync(bool composite, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("gateway-r2r-").FullName;
        var output = Path.Combine(root, "app");
        try
        {
            string[] mode = composite
                ? ["--self-contained", "true", "-p:PublishReadyToRunComposite=true"]
                : ["--self-contained", "false"];
            await BenchProcess.RunAsync("dotnet publish", "dotnet",
                ["publish", Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway"), "-c", "Release", "-r", "linux-x64", .. mode,
                    "-p:PublishReadyToRun=true", "-o", output, "--artifacts-path", Path.Combine(root, "artifacts")],
                cancellationToken);
            var launcher = composite
                ? new GatewayLauncher(Path.Combine(output, "Serverless.Gateway"), [], output)
                : GatewayLauncher.Dotnet(Path.Combine(output, "Serverless.Gateway.dll"));
            return new ReadyToRunPublish(root, launcher);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
