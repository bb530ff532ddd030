using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary>How one build of the gateway is started: <c>dotnet &lt;dll&gt;</c>, or a self-contained build's own executable.</summary>
public sealed record GatewayLauncher(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>The framework-dependent build next to this benchmark's, the way <see cref="FunctionAppInstance"/> runs it.</summary>
    public static GatewayLauncher Built => Dotnet(FunctionAppInstance.GatewayAssemblyPath);

    public static GatewayLauncher Dotnet(string assemblyPath) => new("dotnet", [assemblyPath], Path.GetDirectoryName(assemblyPath)!);

    /// <summary>Starts the gateway on <paramref name="address"/> with each setting as <c>--key=value</c>.</summary>
    public BenchProcess Start(
        string displayName, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        string[] arguments = [.. Arguments, $"--urls={address.GetLeftPart(UriPartial.Authority)}", .. settings.Select(static s => $"--{s.Key}={s.Value}")];
        return BenchProcess.Start(displayName, FileName, arguments, environment, WorkingDirectory);
    }
}
