using System.Net;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>
/// A route's IP rules on the real gateway, which the test client reaches from 127.0.0.1: checked before authentication,
/// counted, and decided by <c>X-Forwarded-For</c> only when the sender is a trusted proxy.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class IpRulesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _denied = "deny-loopback-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _tenOnly = "ten-only-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RefusalMetricRecorder _refusals = new();
    private BackendServer _backend = null!;

    public async Task InitializeAsync() => _backend = await BackendServer.StartAsync("api");

    public async Task DisposeAsync()
    {
        _refusals.Dispose();
        await _backend.DisposeAsync();
    }

    private GatewaySettings Settings(string? knownProxy = null)
    {
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Route(_denied, "/denied/{**rest}", "api", ("IpRules:Deny:0", "127.0.0.1"), ("IpRules:Deny:1", "::1"), ("AuthPolicy", "keys"))
            .Route(_tenOnly, "/ten/{**rest}", "api", ("IpRules:Allow:0", "10.0.0.0/8"), ("IpRules:Allow:1", "2001:db8::/32"), ("IpRules:Deny:0", "10.9.0.0/16"))
            .Route("loopback-only", "/loopback/{**rest}", "api", ("IpRules:Allow:0", "127.0.0.0/8"), ("IpRules:Allow:1", "::1"))
            .Route("open", "/open/{**rest}", "api")
            .Set("Auth:ApiKeys:Table", "IpKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keys:Require", "ApiKey");
        return knownProxy is null ? settings : settings.Set("Hosting:KnownProxies:0", knownProxy);
    }

    private static async Task<HttpResponseMessage> GetAsync(GatewayTestServer gateway, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return await gateway.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_denied_address_is_refused_before_authentication_and_counted()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build());

        var response = await GetAsync(gateway, "/denied/x");

        var problem = await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.False(response.Headers.Contains("WWW-Authenticate"));
        Assert.Equal(1, _refusals.Count(_denied, "ip_not_allowed"));
        Assert.Equal(0, _backend.RequestCount);
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allow_list_admits_only_its_ranges_and_other_routes_are_untouched()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build());

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/loopback/x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/open/x")).StatusCode);
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x"), HttpStatusCode.Forbidden, "ip_not_allowed");
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("203.0.113.9")]
    [InlineData("10.1.2.3, 10.1.2.3")]
    public async Task Without_a_trusted_proxy_a_spoofed_forwarded_for_changes_nothing(string forwardedFor)
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build());

        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x", forwardedFor), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/denied/x", forwardedFor), HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/loopback/x", forwardedFor)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_address_decides()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(knownProxy: "127.0.0.1").Build());

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/ten/x", "10.1.2.3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/ten/x", "2001:db8::7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/ten/x", "::ffff:10.1.2.3")).StatusCode);
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x", "10.9.1.1"), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x", "203.0.113.9"), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/loopback/x", "203.0.113.9"), HttpStatusCode.Forbidden, "ip_not_allowed");

        // The proxy's own address is denied on this route, the client it forwards for is not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(gateway, "/denied/x", "203.0.113.9")).StatusCode);
        Assert.Equal(2, _refusals.Count(_tenOnly, "ip_not_allowed"));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.1.2.3.4")]
    [InlineData("unknown")]
    [InlineData("[10.1.2.3]")]
    [InlineData("10.1.2.3/8")]
    [InlineData(",,,,")]
    [InlineData("999.1.2.3")]
    public async Task Behind_a_trusted_proxy_a_bogus_forwarded_for_leaves_the_proxy_s_own_address_deciding(string forwardedFor)
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(knownProxy: "127.0.0.1").Build());

        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x", forwardedFor), HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/loopback/x", forwardedFor)).StatusCode);
    }

    [Fact]
    public async Task A_long_forwarded_for_is_decided_by_its_last_entry_and_a_huge_one_is_refused_as_too_large()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(knownProxy: "127.0.0.1").Build());
        var chain = string.Join(", ", Enumerable.Range(0, 80).Select(i => $"203.0.113.{i}")) + ", 10.1.2.3";
        var huge = string.Join(", ", Enumerable.Range(0, 400).Select(i => $"10.0.{i % 250}.{i % 200}"));

        // One trusted proxy forwards one hop: the rightmost entry is the client.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/ten/x", chain)).StatusCode);

        // The forwarded-headers step leaves the other entries as separate values, which the header line limit counts.
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x", huge), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");
    }

    [Fact]
    public async Task Over_ipv6_loopback_the_ipv6_rules_decide()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Set("urls", "http://[::1]:0").Build());

        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/denied/x"), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(gateway, "/ten/x"), HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/loopback/x")).StatusCode);
    }
}
