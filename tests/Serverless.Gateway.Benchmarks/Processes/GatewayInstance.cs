using System.Globalization;
using Serverless.AppHost;
using Serverless.AppHost.Azurite;
using Serverless.Gateway.Benchmarks.Startup;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>
/// The real gateway as its own process, run from its own build output (next to host.json) with configuration as
/// command-line arguments, the way it runs standalone in production.
/// </summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private GatewayInstance(BenchProcess process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public BenchProcess Process { get; }

    public Uri Address { get; }

    /// <summary>The gateway's build of the same configuration as this benchmark's (Release for the README's command).</summary>
    public static string AssemblyPath
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway", "bin", configuration, "net10.0", "Serverless.Gateway.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The gateway build was not found at '{path}'.");
        }
    }

    /// <summary>Starts <c>dotnet &lt;assembly&gt;</c> with each setting as <c>--key=value</c>; it listens on a free loopback port.</summary>
    public static GatewayInstance Start(string displayName, IReadOnlyDictionary<string, string> settings, string? assemblyPath = null)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        var launcher = GatewayLauncher.Dotnet(assemblyPath ?? AssemblyPath);
        return new GatewayInstance(launcher.Start(displayName, settings, new Dictionary<string, string>(), address), address);
    }

    public Task WaitUntilHealthyAsync(CancellationToken cancellationToken) =>
        Loopback.WaitForStatusAsync(Process, new Uri(Address, "/healthz"), TimeSpan.FromSeconds(60), cancellationToken);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
