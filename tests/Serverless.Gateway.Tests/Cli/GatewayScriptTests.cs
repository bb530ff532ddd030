using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

/// <summary>
/// The repository's <c>gateway</c> script, run as an operator runs it: with bash, from a directory that is not the
/// repository, on the gateway this test run built.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class GatewayScriptTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-script-").FullName;

    [Fact]
    public async Task Help_works_from_another_directory_and_lists_every_command()
    {
        var (exitCode, output) = await RunAsync("--help");

        Assert.True(exitCode == 0, output);
        foreach (var command in (string[])["serve", "keys", "usage", "events", "functions", "help"])
        {
            Assert.Matches($"(?m)^  {command} ", output);
        }
    }

    [Fact]
    public async Task An_unknown_command_through_the_script_exits_2_naming_it()
    {
        var (exitCode, output) = await RunAsync("frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("'frobnicate' is not a command", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_create_reads_a_relative_config_from_the_caller_s_directory_and_list_shows_the_key()
    {
        var table = "ScriptKeys" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(Path.Combine(_directory, "operator.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth"] = new { ApiKeys = new { Table = table } },
            ["RateLimiting"] = new { Policies = new { small = new { Limit = 5, Window = "00:01:00" } }, Plans = new { small = new { RateLimitPolicy = "small" } } },
        }));

        var (created, createOutput) = await RunAsync("keys", "create", "--config", "operator.json", "--tenant", "script", "--plan", "small");
        var (listed, listOutput) = await RunAsync("keys", "list", "--config", "operator.json", "--tenant", "script");

        Assert.True(created == 0, createOutput);
        var keyId = KeyPattern().Match(createOutput).Groups["id"].Value;
        Assert.NotEmpty(keyId);
        Assert.True(listed == 0, listOutput);
        Assert.Matches($"(?m)^{keyId} +script +small +active", listOutput);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(int? ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _directory };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "gateway"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The build this test run made, whichever configuration that is; the configuration comes from the file alone.
        start.Environment["GATEWAY_CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        start.Environment.Remove("AzureWebJobsStorage");
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        return await ToolProcess.RunAsync(start, TimeSpan.FromMinutes(3));
    }

    [GeneratedRegex("sgw_(?<id>[a-z2-7]{16})_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
