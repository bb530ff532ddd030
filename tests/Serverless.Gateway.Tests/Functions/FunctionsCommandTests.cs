using Serverless.Gateway.Cli;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Functions;

[Trait("Category", "Integration")]
public sealed class FunctionsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("functions-command-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Write_generates_files_that_check_accepts()
    {
        var writeExit = await RunAsync("functions", "write", _directory);
        var checkExit = await RunAsync("functions", "check", _directory);

        Assert.Equal(0, writeExit);
        Assert.Equal(0, checkExit);
        Assert.Equal(
            GatewayFunctionCatalog.Default.Functions.Select(function => function.Name),
            Directory.EnumerateDirectories(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Check_exits_non_zero_and_says_how_to_regenerate_when_a_file_drifted()
    {
        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);
        File.WriteAllText(Path.Combine(_directory, "HeartbeatRecorder", FunctionJson.FileName), "{ \"bindings\": [] }");

        var exitCode = await RunAsync("functions", "check", _directory);

        Assert.Equal(1, exitCode);
        Assert.Contains("HeartbeatRecorder/function.json differs", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(FunctionAppDirectory.RegenerateCommand, _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("functions", "write")]
    [InlineData("functions", "check")]
    [InlineData("functions")]
    public async Task An_incomplete_functions_command_is_a_usage_error_with_exit_code_2_not_drift(params string[] args)
    {
        var exitCode = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("--help", _error.ToString(), StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] args) => GatewayCli.RunAsync(args, _output, _error);

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
