using System.Reflection;

namespace Serverless.AppHost.Gateway;

/// <summary>
/// Where the gateway project's own build put Serverless.Gateway.dll. The app host runs the gateway from there, next to
/// its host.json and function folders, rather than from the partial copy the project reference leaves in this
/// project's output. The path is recorded at build time by the RecordGatewayAssemblyPath target.
/// </summary>
internal static class GatewayBuildOutput
{
    private const string MetadataKey = "GatewayAssemblyPath";

    public static string FindAssembly()
    {
        var path = typeof(GatewayBuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == MetadataKey)?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"This build of the app host does not record the gateway's location ({MetadataKey}); rebuild it.");
        }

        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The gateway was not found at '{path}'; build the solution first (dotnet build Serverless.sln).");
    }
}
