using System.Text.RegularExpressions;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

/// <summary><c>keys create --origins --allow-ip --deny-ip</c>: checked as the route settings are, stored in their normal form, listed.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class KeysAccessOptionsTests(AzuriteFixture azurite)
{
    private readonly string _table = "CliAccess" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth:ApiKeys:Table"] = _table,
            ["RateLimiting:Table"] = _table + "Limits",
            ["RateLimiting:Plans:free:DailyQuota"] = "100",
        });
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task A_key_limited_to_origins_and_ranges_is_created_and_listed_with_them()
    {
        var (created, createOutput) = await RunAsync(
            "keys", "create", "--tenant", "contoso", "--plan", "free", "--name", "web-app",
            "--origins", "https://App.Example.com:443", "http://localhost:3000", "--allow-ip", "10.0.0.0/8", "2001:DB8::/32", "--deny-ip", "10.9.0.0/16");

        Assert.Equal(0, created);
        Assert.Contains(
            "Usable only from: origins: https://app.example.com http://localhost:3000; allow-ip: 10.0.0.0/8 2001:db8::/32; deny-ip: 10.9.0.0/16",
            createOutput, StringComparison.Ordinal);
        var keyId = KeyPattern().Match(createOutput).Value[4..20];

        var lines = (await RunAsync("keys", "list")).Output.Split('\n', StringSplitOptions.TrimEntries);
        var row = Array.FindIndex(lines, line => line.StartsWith(keyId, StringComparison.Ordinal));
        Assert.True(row >= 0, string.Join('\n', lines));
        Assert.Equal("origins: https://app.example.com http://localhost:3000; allow-ip: 10.0.0.0/8 2001:db8::/32; deny-ip: 10.9.0.0/16", lines[row + 1]);
    }

    [Fact]
    public async Task A_key_without_restrictions_lists_on_one_line()
    {
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", "fabrikam", "--plan", "free");
        var keyId = KeyPattern().Match(createOutput).Value[4..20];

        Assert.DoesNotContain("Usable only from", createOutput, StringComparison.Ordinal);
        var lines = (await RunAsync("keys", "list", "--tenant", "fabrikam")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(keyId, lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--origins https://app.example.com/path", "error: origin 'https://app.example.com/path' must be scheme://host[:port] only")]
    [InlineData("--origins *", "error: origin '*' is not allowed on a key")]
    [InlineData("--origins null", "error: origin 'null' must start with http:// or https://")]
    [InlineData("--allow-ip 10.0.0.1/8", "error: allowed address range '10.0.0.1/8' has bits set after its /8 prefix; write the range's first address, 10.0.0.0/8")]
    [InlineData("--deny-ip 10.0.0.0/33", "error: denied address range '10.0.0.0/33': the prefix length must be a number from 0 to 32.")]
    [InlineData("--deny-ip localhost", "error: denied address range 'localhost' is not a CIDR range")]
    public async Task A_bad_origin_or_range_fails_with_exit_code_1_and_says_what_would_do(string options, string message)
    {
        var (exitCode, output) = await RunAsync(["keys", "create", "--tenant", "contoso", "--plan", "free", .. options.Split(' ')]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyPattern(), output);
    }

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
