using System.Reflection;

namespace Serverless.LocalRun.Apps;

/// <summary>
/// Where an app's own project build put its assembly (Serverless.Gateway.dll, Serverless.Orders.dll). The local run runs
/// each app from there, next to its host.json, appsettings.json and function folders, rather than from anything its
/// project reference leaves in this project's output. The paths are recorded at build time by the
/// RecordChildAppAssemblyPaths target.
/// </summary>
internal static class AppBuildOutput
{
    public const string Gateway = "Serverless.Gateway";
    public const string Orders = "Serverless.Orders";

    private const string MetadataPrefix = "ChildApp:";

    public static string FindAssembly(string assemblyName)
    {
        var key = MetadataPrefix + assemblyName;
        var path = typeof(AppBuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"This build of the local run does not record where {assemblyName} is ({key}); rebuild it.");
        }

        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{assemblyName} was not found at '{path}'; build the solution first (dotnet build Serverless.sln).");
    }
}
