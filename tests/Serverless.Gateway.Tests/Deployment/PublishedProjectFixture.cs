using System.Diagnostics;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// Publishes one function app project once per test run, as azd does (<c>dotnet publish -c Release</c>), into a temporary folder.
/// Its bin/ and obj/ go there too, and restore is skipped (building the tests restored it), so the publish writes
/// nothing into the repository and cannot disturb a build or test run of the same projects.
/// </summary>
public abstract class PublishedProjectFixture(string project) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory($"{project}-publish-");

    public string ProjectFile => Path.Combine(RepositoryRoot.Find(), "functions", project, $"{project}.csproj");

    /// <summary>The published app: what azd zips and deploys.</summary>
    public string OutputDirectory => Path.Combine(_root.FullName, "app");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Find() };
        foreach (var argument in (string[])
        [
            "publish", ProjectFile, "-c", "Release", "-o", OutputDirectory, "--no-restore", "-nologo",
            $"-p:OutputPath={Path.Combine(_root.FullName, "bin")}{Path.DirectorySeparatorChar}",
            $"-p:IntermediateOutputPath={Path.Combine(_root.FullName, "obj")}{Path.DirectorySeparatorChar}",

            // No MSBuild nodes or compiler server left running: they would outlive the test and hold its output pipes open.
            "-nodeReuse:false", "-p:UseSharedCompilation=false",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        var (exitCode, output) = await ToolProcess.RunAsync(start, Timeout);
        if (exitCode is null)
        {
            throw new InvalidOperationException($"`dotnet publish` did not finish within {Timeout}:\n{output}");
        }

        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet publish` failed with exit code {exitCode}:\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}
