using System.Diagnostics;
using System.Globalization;
using System.Net;
using Serverless.LocalRun;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

/// <summary>The executable's command line as an operator types it: the real process, its output and its exit code.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayCommandLineTests
{
    private static async Task<(int? ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(AppChildProcess.AssemblyPathOf(AppChildProcess.Gateway));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");

        // Were the server started by mistake, it must not collide with anything: a free port, and it is killed at the timeout.
        start.Environment["Hosting__Urls"] = "http://127.0.0.1:0";
        return await ToolProcess.RunAsync(start, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_the_commands_and_says_that_without_one_the_gateway_runs(string help)
    {
        var (exitCode, output) = await RunAsync(help);

        Assert.Equal(0, exitCode);
        foreach (var command in (string[])["serve", "keys", "usage", "events", "functions", "help"])
        {
            Assert.Matches($"(?m)^  {command} ", output);
        }

        Assert.Contains("Without a command the gateway runs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_exit_code_2_and_one_line_pointing_to_help()
    {
        var (exitCode, output) = await RunAsync("frobnicate", "--now");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'frobnicate'", line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys frobnicate", "'frobnicate'", "keys --help")]
    [InlineData("keys list --tenent contoso", "'--tenent'", "keys list --help")]
    [InlineData("functions check", "'directory'", "functions check --help")]
    public async Task A_mistyped_command_or_option_below_the_top_fails_with_exit_code_2_naming_it(string command, string named, string help)
    {
        var (exitCode, output) = await RunAsync(command.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Contains(help, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_of_serve_says_how_the_gateway_takes_its_settings()
    {
        var (exitCode, output) = await RunAsync("serve", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--urls=http://127.0.0.1:7071", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_arguments_the_gateway_serves_as_the_Functions_host_starts_it()
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppChildProcess.AssemblyPathOf(AppChildProcess.Gateway));
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using var gateway = Process.Start(start)!;
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(gateway.HasExited, $"The gateway exited with {(gateway.HasExited ? gateway.ExitCode : 0)}.");
                    try
                    {
                        return (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(60),
                "The gateway did not start listening on the port the host gave it.");
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Help_of_keys_create_shows_the_override_for_a_plan_not_configured_yet()
    {
        var (exitCode, output) = await RunAsync("keys", "create", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--allow-unknown-plan", output, StringComparison.Ordinal);
    }
}
