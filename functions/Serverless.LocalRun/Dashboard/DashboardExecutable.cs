using System.Reflection;

namespace Serverless.LocalRun.Dashboard;

/// <summary>
/// Where restore put the standalone Aspire dashboard's executable (the Aspire.Dashboard.Sdk package for this platform).
/// The path is recorded at build time from the package's own <c>AspireDashboardPath</c> property, so nothing is
/// installed by hand and the version is the one Directory.Packages.props names.
/// </summary>
internal static class DashboardExecutable
{
    private const string MetadataKey = "Dashboard:Path";

    /// <summary>The executable's path; null with the reason when this build has none.</summary>
    public static string? Find(out string? missingReason)
    {
        var path = typeof(DashboardExecutable).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == MetadataKey)?.Value;
        if (string.IsNullOrEmpty(path))
        {
            missingReason = "this build of the local run has no dashboard (built with -p:LocalRunDashboard=false, or no Aspire.Dashboard.Sdk package for this platform)";
            return null;
        }

        if (!File.Exists(path))
        {
            missingReason = $"the dashboard executable is not at '{path}' (restore again: dotnet restore functions/Serverless.LocalRun)";
            return null;
        }

        missingReason = null;
        return path;
    }
}
