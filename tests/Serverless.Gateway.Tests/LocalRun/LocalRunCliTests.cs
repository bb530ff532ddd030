using System.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;
using Serverless.LocalRun.Cli;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>The local run's command line, as a user meets it: the built program for help, the parser for the token command's output.</summary>
[Trait("Category", "Integration")]
public sealed class LocalRunCliTests
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Help_exits_0_and_lists_every_option_and_the_token_command()
    {
        var (exitCode, output) = await RunLocalRunAsync("--help");

        Assert.True(exitCode == 0, $"--help exited with {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a time-out"}:{Environment.NewLine}{output}");
        Assert.All(
            ["--port", "--orders-port", "--identity-port", "--dashboard-port", "--otlp-port", "--no-azurite", "--no-dashboard", "--help", "token"],
            option => Assert.Contains(option, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_of_the_token_command_exits_0_and_lists_its_options()
    {
        var (exitCode, output) = await RunLocalRunAsync("token", "--help");

        Assert.True(exitCode == 0, $"token --help exited with {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a time-out"}:{Environment.NewLine}{output}");
        Assert.All(
            ["--tenant", "--scope", "--lifetime", "--subject", "--plan", "--identity-port"],
            option => Assert.Contains(option, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_command_prints_only_the_token_with_the_requested_claims()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await LocalRunCli.InvokeAsync(
            ["token", "--tenant", "contoso", "--scope", "echo:read", "--scope", "orders:read", "--lifetime", "30m", "--identity-port", "17073"],
            output, error, static (_, _) => Task.FromResult(1));

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var token = new JsonWebToken(Assert.Single(lines));
        Assert.Equal("http://127.0.0.1:17073", token.Issuer);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal("contoso", token.GetClaim("tid").Value);
        Assert.Equal("echo:read orders:read", token.GetClaim("scp").Value);
        Assert.Equal(TimeSpan.FromMinutes(30), token.ValidTo - token.ValidFrom);
    }

    [Theory]
    [InlineData("token", "--scope", "echo:read")]
    [InlineData("token", "--tenant", "contoso", "--lifetime", "8d")]
    [InlineData("token", "--tenant", "contoso", "--lifetime", "soon")]
    public async Task The_token_command_refuses_a_missing_tenant_or_a_bad_lifetime(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await LocalRunCli.InvokeAsync(args, output, error, static (_, _) => Task.FromResult(0));

        Assert.NotEqual(0, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(error.ToString()));
    }

    private static Task<(int? ExitCode, string Output)> RunLocalRunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { AppChildProcess.AssemblyPathOf(typeof(LocalRunner).Assembly.GetName().Name!) } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return ToolProcess.RunAsync(start, ProcessDeadline);
    }
}
