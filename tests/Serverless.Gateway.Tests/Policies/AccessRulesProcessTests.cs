using System.Net;
using System.Text.RegularExpressions;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>CORS, publishable keys and IP rules on the gateway as a real process, configured as an operator would.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class AccessRulesProcessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string App = "http://localhost:3000";

    private readonly string _keys = "ProcKeys" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _limits = "ProcLimits" + Guid.NewGuid().ToString("N")[..8];
    private BackendServer _backend = null!;

    public async Task InitializeAsync() => _backend = await BackendServer.StartAsync("api");

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private async Task<AppChildProcess> StartGatewayAsync(string? knownProxy = null)
    {
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Route("api", "/api/{**rest}", "api", ("Methods:0", "GET"), ("AuthPolicy", "keys"), ("RateLimitPolicy", "one"), ("Cors:AllowedOrigins:0", App))
            .Route("internal", "/internal/{**rest}", "api", ("IpRules:Deny:0", "127.0.0.0/8"))
            .Route("partners", "/partners/{**rest}", "api", ("IpRules:Allow:0", "10.0.0.0/8"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Set("Auth:ApiKeys:Table", _keys)
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", _limits)
            .Set("RateLimiting:Policies:one:Limit", "1")
            .Set("RateLimiting:Policies:one:Window", "01:00:00");
        if (knownProxy is not null)
        {
            settings.Set("Hosting:KnownProxies:0", knownProxy);
        }

        var gateway = AppChildProcess.Start(AppChildProcess.Gateway, settings.Build());
        await gateway.WaitUntilListeningAsync();
        return gateway;
    }

    private async Task<string> CreatePublishableKeyAsync()
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(
            ["keys", "create", "--tenant", "browser-app", "--plan", "web", "--allow-unknown-plan", "--origins", App],
            output, output, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Auth:ApiKeys:Table"] = _keys });
        Assert.True(exitCode == 0, output.ToString());
        return KeyPattern().Match(output.ToString()).Value;
    }

    private static async Task<HttpResponseMessage> SendAsync(AppChildProcess gateway, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Client.SendAsync(request);
    }

    [Fact]
    public async Task Preflights_pass_without_credentials_and_uncounted_and_a_publishable_key_works_only_from_its_origin()
    {
        var key = await CreatePublishableKeyAsync();
        await using var gateway = await StartGatewayAsync();

        for (var i = 0; i < 5; i++)
        {
            var preflight = await SendAsync(gateway, HttpMethod.Options, "/api/orders",
                ("Origin", App), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "x-api-key"));
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(App, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        var foreign = await SendAsync(gateway, HttpMethod.Get, "/api/orders", ("Origin", "https://evil.example.net"), (IdentityHeaders.ApiKey, key));
        await GatewayRoutingTests.AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        var admitted = await SendAsync(gateway, HttpMethod.Get, "/api/orders", ("Origin", App), (IdentityHeaders.ApiKey, key));
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal(App, admitted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(1, _backend.RequestCount);

        // The rate limit of one was spent by the admitted call, not by the preflights or the refused origin.
        var limited = await SendAsync(gateway, HttpMethod.Get, "/api/orders", ("Origin", App), (IdentityHeaders.ApiKey, key));
        await GatewayRoutingTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(App, limited.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Without_a_trusted_proxy_the_connection_address_decides_and_a_forwarded_for_is_ignored()
    {
        await using var gateway = await StartGatewayAsync();

        await GatewayRoutingTests.AssertProblemAsync(
            await SendAsync(gateway, HttpMethod.Get, "/internal/x", ("X-Forwarded-For", "203.0.113.9")), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(
            await SendAsync(gateway, HttpMethod.Get, "/partners/x", ("X-Forwarded-For", "10.1.2.3")), HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_address_decides()
    {
        await using var gateway = await StartGatewayAsync(knownProxy: "127.0.0.1");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, "/internal/x", ("X-Forwarded-For", "203.0.113.9"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, HttpMethod.Get, "/partners/x", ("X-Forwarded-For", "10.1.2.3"))).StatusCode);
        await GatewayRoutingTests.AssertProblemAsync(
            await SendAsync(gateway, HttpMethod.Get, "/partners/x", ("X-Forwarded-For", "203.0.113.9")), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(
            await SendAsync(gateway, HttpMethod.Get, "/internal/x"), HttpStatusCode.Forbidden, "ip_not_allowed");
    }

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
