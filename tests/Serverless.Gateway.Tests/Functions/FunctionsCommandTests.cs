using Serverless.Gateway.Cli;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Functions;

public sealed class FunctionsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("functions-command-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public void Write_generates_files_that_check_accepts()
    {
        Assert.True(FunctionsCommand.TryRun(["functions", "write", _directory], _output, _error, out var writeExit));
        Assert.True(FunctionsCommand.TryRun(["functions", "check", _directory], _output, _error, out var checkExit));

        Assert.Equal(0, writeExit);
        Assert.Equal(0, checkExit);
        Assert.Equal(
            GatewayFunctionCatalog.Default.Functions.Select(function => function.Name),
            Directory.EnumerateDirectories(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_exits_non_zero_and_says_how_to_regenerate_when_a_file_drifted()
    {
        FunctionAppDirectory.Write(_directory, GatewayFunctionCatalog.Default);
        File.WriteAllText(Path.Combine(_directory, "HeartbeatRecorder", FunctionJson.FileName), "{ \"bindings\": [] }");

        Assert.True(FunctionsCommand.TryRun(["functions", "check", _directory], _output, _error, out var exitCode));

        Assert.Equal(1, exitCode);
        Assert.Contains("HeartbeatRecorder/function.json differs", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(FunctionAppDirectory.RegenerateCommand, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_that_are_not_a_functions_command_are_left_to_the_app()
    {
        Assert.False(FunctionsCommand.TryRun(["--urls=http://127.0.0.1:0"], _output, _error, out _));
        Assert.False(FunctionsCommand.TryRun([], _output, _error, out _));
    }

    [Fact]
    public void An_incomplete_functions_command_prints_usage_and_exits_with_2()
    {
        Assert.True(FunctionsCommand.TryRun(["functions", "write"], _output, _error, out var exitCode));

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage", _error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
