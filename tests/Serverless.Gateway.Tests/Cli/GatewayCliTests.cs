using System.Text.RegularExpressions;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

[Collection(AzuriteCollection.Name)]
public sealed partial class GatewayCliTests(AzuriteFixture azurite)
{
    private readonly string _table = "CliKeys" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _limits = "CliLimits" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth:ApiKeys:Table"] = _table,
            ["RateLimiting:Table"] = _limits,
            ["RateLimiting:Policies:free:Limit"] = "100",
            ["RateLimiting:Policies:free:Window"] = "00:10:00",
            ["RateLimiting:Plans:free:RateLimitPolicy"] = "free",
        });
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Keys_can_be_created_listed_rotated_and_revoked_end_to_end()
    {
        var (created, createOutput) = await RunAsync("keys", "create", "--tenant", "contoso", "--plan", "free", "--scopes", "orders:read", "orders:write", "--expires", "90d");
        Assert.Equal(0, created);
        var key = KeyPattern().Match(createOutput).Value;
        var keyId = key[4..20];
        Assert.Contains("scopes: orders:read orders:write", createOutput, StringComparison.Ordinal);

        var (_, listOutput) = await RunAsync("keys", "list", "--tenant", "contoso");
        Assert.Contains(keyId, listOutput, StringComparison.Ordinal);
        Assert.Contains("active", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(key[21..], listOutput, StringComparison.Ordinal);

        var (rotated, rotateOutput) = await RunAsync("keys", "rotate", keyId, "--grace", "01:00:00");
        Assert.Equal(0, rotated);
        Assert.NotEqual(key, KeyPattern().Match(rotateOutput).Value);

        var (revoked, revokeOutput) = await RunAsync("keys", "revoke", keyId);
        Assert.Equal(0, revoked);
        Assert.Contains($"Revoked API key {keyId}", revokeOutput, StringComparison.Ordinal);
        Assert.Contains("revoked", (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_another_tenant_does_not_show_the_key()
    {
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", "fabrikam", "--plan", "free");
        var keyId = KeyPattern().Match(createOutput).Value[4..20];

        Assert.DoesNotContain(keyId, (await RunAsync("keys", "list", "--tenant", "contoso")).Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys revoke nosuchkey", "There is no API key with id 'nosuchkey'")]
    [InlineData("keys create --tenant bad/tenant --plan free", "must be 1-64 letters")]
    [InlineData("keys create --tenant t --plan free --expires yesterday", "is neither an ISO 8601")]
    public async Task Bad_input_fails_with_exit_code_1_and_a_clear_message(string command, string message)
    {
        var (exitCode, output) = await RunAsync(command.Split(' '));

        Assert.Equal(1, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var (exitCode, output) = await RunAsync("keys", "create", "--tenant", "contoso");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--plan", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_shows_the_requests_a_tenant_made_through_a_gateway()
    {
        var (_, createOutput) = await RunAsync("keys", "create", "--tenant", "usage-tenant", "--plan", "free", "--scopes", "orders:read");
        var key = KeyPattern().Match(createOutput).Value;
        await using var backend = await BackendServer.StartAsync("b");
        await using (var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "orders"), ("RateLimitPolicy", "plan"))
            .Set("Auth:ApiKeys:Table", _table)
            .Set("Auth:Policies:orders:Scopes:0", "orders:read")
            .Set("RateLimiting:Table", _limits)
            .Set("RateLimiting:Policies:free:Limit", "100")
            .Set("RateLimiting:Policies:free:Window", "00:10:00")
            .Set("RateLimiting:Plans:free:RateLimitPolicy", "free")
            .Build()))
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
                request.Headers.Add("X-Api-Key", key);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await gateway.Client.SendAsync(request)).StatusCode);
            }
        }

        var (exitCode, output) = await RunAsync("usage", "--tenant", "usage-tenant");

        Assert.Equal(0, exitCode);
        Assert.Contains("3 admitted", output, StringComparison.Ordinal);
        Assert.Contains("policy free, key usage-tenant: 3/100", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
