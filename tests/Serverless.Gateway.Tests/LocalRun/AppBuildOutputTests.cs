using System.Text.Json;
using Serverless.LocalRun.Apps;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>The local run runs each app from its own project's build output, next to that app's own host.json.</summary>
public sealed class AppBuildOutputTests
{
    [Theory]
    [InlineData(AppBuildOutput.Gateway, "functions/Serverless.Gateway")]
    [InlineData(AppBuildOutput.Orders, "functions/Serverless.Orders")]
    public void Each_app_is_found_in_its_own_project_s_build_output(string assemblyName, string project)
    {
        var path = AppBuildOutput.FindAssembly(assemblyName);

        Assert.Equal($"{assemblyName}.dll", Path.GetFileName(path));
        var projectDirectory = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), project)) + Path.DirectorySeparatorChar;
        Assert.StartsWith(Path.Combine(projectDirectory, "bin") + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateway_runs_next_to_the_repository_s_host_json()
    {
        var directory = Path.GetDirectoryName(AppBuildOutput.FindAssembly(AppBuildOutput.Gateway))!;

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")), File.ReadAllText(Path.Combine(directory, "host.json")));
    }

    [Fact]
    public void The_orders_service_runs_next_to_its_own_host_json()
    {
        var directory = Path.GetDirectoryName(AppBuildOutput.FindAssembly(AppBuildOutput.Orders))!;

        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "host.json")));
        Assert.True(hostJson.RootElement.GetProperty("extensions").TryGetProperty("durableTask", out _));
    }

    [Fact]
    public void The_orders_service_s_files_do_not_replace_the_gateway_s_in_this_output()
    {
        // The test project references the local run, which references the orders project only to build it first.
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        Assert.True(hostJson.RootElement.TryGetProperty("customHandler", out _));
        Assert.False(hostJson.RootElement.GetProperty("extensions").TryGetProperty("durableTask", out _));
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway", "appsettings.json")),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
    }
}
