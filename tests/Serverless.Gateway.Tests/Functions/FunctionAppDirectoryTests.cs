using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Functions;

public sealed class FunctionAppDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("function-app-").FullName;

    public static string CheckedInDirectory => Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway", "FunctionApp");

    [Fact]
    public void Checked_in_function_json_files_match_the_functions_declared_in_code()
    {
        var drift = FunctionAppDirectory.FindDrift(CheckedInDirectory, GatewayFunctionCatalog.Default);

        Assert.True(drift.Count == 0,
            $"The checked-in function.json files have drifted from the code:\n  {string.Join("\n  ", drift)}\n" +
            $"Regenerate them from the repository root with: {FunctionAppDirectory.RegenerateCommand}");
    }

    [Fact]
    public void Checked_in_folder_holds_one_folder_per_function_and_nothing_else()
    {
        var folders = Directory.EnumerateDirectories(CheckedInDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(GatewayFunctionCatalog.Default.Functions.Select(function => function.Name), folders);
    }

    [Fact]
    public void Build_output_holds_each_function_json_at_its_root_next_to_the_app()
    {
        foreach (var function in GatewayFunctionCatalog.Default.Functions)
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, function.Name, FunctionJson.FileName)), $"{function.Name}/function.json is not in the output.");
        }

        Assert.Empty(FunctionAppDirectory.FindDrift(AppContext.BaseDirectory, GatewayFunctionCatalog.Default));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Serverless.Gateway.dll")));
    }

    [Fact]
    public void Drift_names_every_changed_missing_and_extra_function()
    {
        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);
        File.AppendAllText(Path.Combine(_directory, "HeartbeatTimer", FunctionJson.FileName), " ");
        File.Delete(Path.Combine(_directory, "HeartbeatRecorder", FunctionJson.FileName));
        Directory.CreateDirectory(Path.Combine(_directory, "Retired"));
        File.WriteAllText(Path.Combine(_directory, "Retired", FunctionJson.FileName), "{}");

        var drift = FunctionAppDirectory.FindDrift(_directory, GatewayFunctionCatalog.Default);

        Assert.Equal(3, drift.Count);
        Assert.Contains(drift, problem => problem.StartsWith("HeartbeatTimer/function.json differs", StringComparison.Ordinal));
        Assert.Contains(drift, problem => problem.StartsWith("HeartbeatRecorder/function.json is missing", StringComparison.Ordinal));
        Assert.Contains(drift, problem => problem.StartsWith("Retired/function.json belongs to no function", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_line_endings_do_not_count_as_drift()
    {
        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);
        var path = Path.Combine(_directory, "Gateway", FunctionJson.FileName);
        File.WriteAllText(path, File.ReadAllText(path).ReplaceLineEndings("\r\n"));

        Assert.Empty(FunctionAppDirectory.FindDrift(_directory, GatewayFunctionCatalog.Default));
    }

    [Fact]
    public void Write_removes_the_files_of_functions_no_longer_declared()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "Retired"));
        File.WriteAllText(Path.Combine(_directory, "Retired", FunctionJson.FileName), "{}");

        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);

        Assert.False(Directory.Exists(Path.Combine(_directory, "Retired")));
        Assert.Empty(FunctionAppDirectory.FindDrift(_directory, GatewayFunctionCatalog.Default));
    }

    [Fact]
    public void Load_fails_with_the_regenerate_command_when_files_drifted()
    {
        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);
        File.Delete(Path.Combine(_directory, "Gateway", FunctionJson.FileName));

        var error = Assert.Throws<GatewayConfigurationException>(() => FunctionAppDirectory.Load(_directory, GatewayFunctionCatalog.Default));

        Assert.Contains("Gateway/function.json is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains(FunctionAppDirectory.RegenerateCommand, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
