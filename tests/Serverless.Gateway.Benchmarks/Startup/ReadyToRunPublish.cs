using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>
/// The gateway, or the bare YARP proxy, published with ReadyToRun code into a temporary directory that is deleted
/// afterwards: framework-dependent, or (the gateway) self-contained with one composite image of the app and the
/// framework. Intermediate files go there too (<c>--artifacts-path</c>), so the worktree's own build is untouched.
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

    public static Task<ReadyToRunPublish> CreateAsync(bool composite, CancellationToken cancellationToken) =>
        CreateAsync(Path.Combine("functions", "Serverless.Gateway"), "Serverless.Gateway", composite, cancellationToken);

    /// <summary>The bare YARP proxy, framework-dependent as the gateway's ReadyToRun build; its arguments are the port and the backend.</summary>
    public static Task<ReadyToRunPublish> BareYarpAsync(CancellationToken cancellationToken) =>
        CreateAsync(Path.Combine("tests", "Serverless.Gateway.Benchmarks.BareYarp"), "Serverless.Gateway.Benchmarks.BareYarp", composite: false, cancellationToken);

    private static async Task<ReadyToRunPublish> CreateAsync(string project, string assemblyName, bool composite, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("r2r-").FullName;
        var output = Path.Combine(root, "app");
        try
        {
            string[] mode = composite
                ? ["--self-contained", "true", "-p:PublishReadyToRunComposite=true"]
                : ["--self-contained", "false"];
            await BenchProcess.RunAsync("dotnet publish", "dotnet",
                ["publish", Path.Combine(RepositoryRoot.Find(), project), "-c", "Release", "-r", "linux-x64", .. mode,
                    "-p:PublishReadyToRun=true", "-o", output, "--artifacts-path", Path.Combine(root, "artifacts")],
                cancellationToken);
            var launcher = composite
                ? new GatewayLauncher(Path.Combine(output, assemblyName), [], output)
                : GatewayLauncher.Dotnet(Path.Combine(output, assemblyName + ".dll"));
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
