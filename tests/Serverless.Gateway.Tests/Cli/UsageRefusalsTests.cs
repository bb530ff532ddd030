using System.Text.RegularExpressions;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class UsageRefusalsTests(AzuriteFixture azurite)
{
    private readonly string _keys = "CliKeys" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _limits = "CliLimits" + Guid.NewGuid().ToString("N")[..8];

    private IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Auth:ApiKeys:Table"] = _keys,
        ["RateLimiting:Table"] = _limits,
        ["RateLimiting:Policies:tight:Limit"] = "2",
        ["RateLimiting:Policies:tight:Window"] = "01:00:00",
        ["RateLimiting:Plans:tight:RateLimitPolicy"] = "tight",
    };

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, Settings);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Usage_shows_a_tenants_recent_refusals_with_why_after_a_gateway_throttled_it()
    {
        var (_, created) = await RunAsync("keys", "create", "--tenant", "throttled-tenant", "--plan", "tight");
        var key = KeyPattern().Match(created).Value;
        await using var backend = await BackendServer.StartAsync("b");
        var statuses = new List<System.Net.HttpStatusCode>();
        var settings = new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "keys"), ("RateLimitPolicy", "plan"))
            .Set("Auth:Policies:keys:Require", "ApiKey");
        foreach (var (name, value) in Settings)
        {
            settings.Set(name, value);
        }

        await using (var gateway = await GatewayTestServer.StartAsync(azurite, settings.Build()))
        {
            for (var i = 0; i < 10; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
                request.Headers.Add("X-Api-Key", key);
                statuses.Add((await gateway.Client.SendAsync(request)).StatusCode);
            }
        }

        var (exitCode, output) = await RunAsync("usage", "--tenant", "throttled-tenant");
        var (_, otherOutput) = await RunAsync("usage", "--tenant", "quiet-tenant");

        Assert.Equal(8, statuses.Count(status => status == System.Net.HttpStatusCode.TooManyRequests));
        Assert.Equal(0, exitCode);
        Assert.Contains("Recent refusals (last 24 h, per minute", output, StringComparison.Ordinal);
        Assert.Matches(
            @"Z route orders: [0-9]+ refused \(rate_limited\) by rate limit tight, 2 per 3600 s; allowance 2, admitted 2, synced on \S+",
            output);
        Assert.Equal(8, RefusedCounts().Matches(output).Sum(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Recent refusals (last 24 h): none.", otherOutput, StringComparison.Ordinal);
    }

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"route orders: ([0-9]+) refused")]
    private static partial Regex RefusedCounts();
}
