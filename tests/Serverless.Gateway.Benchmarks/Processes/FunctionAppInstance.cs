using System.Globalization;
using Serverless.LocalRun;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Startup;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>
/// One of the product's function apps (the gateway, the orders service) as its own process, run from its own build
/// output (next to host.json) with configuration as command-line arguments, the way it runs standalone in production.
/// </summary>
public sealed class FunctionAppInstance : IAsyncDisposable
{
    private FunctionAppInstance(BenchProcess process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public BenchProcess Process { get; }

    public Uri Address { get; }

    /// <summary>The gateway's build of the same configuration as this benchmark's (Release for benchmarks/README.md's command).</summary>
    public static string GatewayAssemblyPath => AssemblyPathOf("Serverless.Gateway");

    /// <summary>The orders service's build of the same configuration as this benchmark's; the project reference builds it.</summary>
    public static string OrdersAssemblyPath => AssemblyPathOf("Serverless.Orders");

    /// <summary>
    /// Starts <c>dotnet &lt;assembly&gt;</c> (the gateway unless <paramref name="assemblyPath"/> says otherwise) with each
    /// setting as <c>--key=value</c>; it listens on <paramref name="address"/>, or on a free loopback port.
    /// </summary>
    public static FunctionAppInstance Start(string displayName, IReadOnlyDictionary<string, string> settings, string? assemblyPath = null, Uri? address = null)
    {
        address ??= FreeAddress();
        var launcher = GatewayLauncher.Dotnet(assemblyPath ?? GatewayAssemblyPath);
        return new FunctionAppInstance(launcher.Start(displayName, settings, new Dictionary<string, string>(), address), address);
    }

    /// <summary>An address on a loopback port nothing listens on now, for an app that others must know before it starts.</summary>
    public static Uri FreeAddress() => new($"http://127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}");

    public Task WaitUntilHealthyAsync(CancellationToken cancellationToken) =>
        Loopback.WaitForStatusAsync(Process, new Uri(Address, "/healthz"), TimeSpan.FromSeconds(60), cancellationToken);

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static string AssemblyPathOf(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Find(), "functions", project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"The build of {project} was not found at '{path}'.");
    }
}
