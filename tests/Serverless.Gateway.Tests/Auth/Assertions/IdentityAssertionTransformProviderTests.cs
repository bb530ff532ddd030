using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class IdentityAssertionTransformProviderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestSigningKey _key = new("2027-01");
    private BackendServer _orders = null!;
    private BackendServer _billing = null!;
    private BackendServer _catalog = null!;
    private GatewayTestServer _gateway = null!;
    private ApiKeyManager _keys = null!;

    public async Task InitializeAsync()
    {
        _orders = await BackendServer.StartAsync("orders");
        _billing = await BackendServer.StartAsync("billing");
        _catalog = await BackendServer.StartAsync("catalog");
        var settings = new GatewaySettings()
            .Backend("orders", _orders.Address)
            .Backend("billing", _billing.Address)
            .Backend("catalog", _catalog.Address)
            .Set("Gateway:Backends:orders:IdentityAssertion", "true")
            .Set("Gateway:Backends:billing:IdentityAssertion", "true")
            .Route("orders", "/orders/{**rest}", "orders", ("AuthPolicy", "callers"))
            .Route("public", "/public/{**rest}", "orders")
            .Route("billing", "/billing/{**rest}", "billing", ("AuthPolicy", "callers"))
            .Route("catalog", "/catalog/{**rest}", "catalog", ("AuthPolicy", "callers"))
            .Set("Auth:ApiKeys:Table", "AssertionKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:callers:Require", "ApiKey")

            // Long enough that the two requests of the caching test are always within half of it.
            .Set("Auth:IdentityAssertion:Lifetime", "00:10:00");
        foreach (var (key, value) in _key.Settings(0))
        {
            settings.Set(key, value);
        }

        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
        _keys = _gateway.Services.GetRequiredService<ApiKeyManager>();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _orders.DisposeAsync();
        await _billing.DisposeAsync();
        await _catalog.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task A_backend_that_receives_assertions_gets_one_stating_the_api_key_caller()
    {
        var key = await _keys.CreateAsync("contoso", "gold", ["orders:read", "orders:write"], null, null, CancellationToken.None);

        var response = await SendAsync("/orders/1", key.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_orders.Requests).Headers;
        var result = await ValidateAsync(seen[GatewayAssertion.HeaderName], "orders");
        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(new GatewayCaller("contoso", key.Record.KeyId, "gold", [], "ApiKey"), result.Caller with { Scopes = [] });
        Assert.Equal(["orders:read", "orders:write"], result.Caller.Scopes);
        Assert.Equal(_key.Id, new JsonWebToken(seen[GatewayAssertion.HeaderName]).Kid);
        Assert.Equal("contoso", seen[IdentityHeaders.Tenant]);
    }

    [Fact]
    public async Task A_backend_without_assertions_receives_none()
    {
        var key = await CreateKeyAsync();

        var response = await SendAsync("/catalog/1", key.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_catalog.Requests).Headers;
        Assert.False(seen.ContainsKey(GatewayAssertion.HeaderName));
        Assert.Equal("contoso", seen[IdentityHeaders.Tenant]);
    }

    [Fact]
    public async Task An_assertion_sent_by_a_client_never_reaches_a_backend()
    {
        var key = await CreateKeyAsync();
        using var attacker = new TestSigningKey(_key.Id);
        await using var minter = await TestJwksServer.StartAsync(TimeProvider.System);
        var forged = minter.Mint(attacker, new Dictionary<string, object?> { ["tid"] = "evil-corp", ["scp"] = "admin" });

        await SendAsync("/orders/1", key.Key, forged);
        await SendAsync("/public/1", forged: forged);
        await SendAsync("/catalog/1", key.Key, forged);

        var replaced = Assert.Single(_orders.Requests, request => request.Path == "/orders/1").Headers[GatewayAssertion.HeaderName];
        Assert.NotEqual(forged, replaced);
        Assert.Equal("contoso", (await ValidateAsync(replaced, "orders")).Caller?.Tenant);
        Assert.False(Assert.Single(_orders.Requests, request => request.Path == "/public/1").Headers.ContainsKey(GatewayAssertion.HeaderName));
        Assert.False(Assert.Single(_catalog.Requests).Headers.ContainsKey(GatewayAssertion.HeaderName));
        Assert.DoesNotContain(_orders.Requests.Concat(_catalog.Requests), request => request.Headers.Values.Any(value => value.Contains(forged, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Anonymous_requests_carry_no_assertion()
    {
        var response = await SendAsync("/public/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(_orders.Requests).Headers.ContainsKey(GatewayAssertion.HeaderName));
    }

    [Fact]
    public async Task The_same_caller_gets_the_identical_assertion_while_another_backend_gets_its_own()
    {
        var key = await CreateKeyAsync();

        await SendAsync("/orders/1", key.Key);
        await SendAsync("/orders/2", key.Key);
        await SendAsync("/billing/1", key.Key);

        var orders = _orders.Requests.Select(request => request.Headers[GatewayAssertion.HeaderName]).ToList();
        var billing = Assert.Single(_billing.Requests).Headers[GatewayAssertion.HeaderName];
        Assert.Equal(2, orders.Count);
        Assert.Equal(orders[0], orders[1]);
        Assert.NotEqual(orders[0], billing);
        Assert.True((await ValidateAsync(billing, "billing")).Succeeded);
        Assert.Equal(GatewayAssertionResult.WrongAudience, (await ValidateAsync(billing, "orders")).Error);
    }

    private Task<IssuedApiKey> CreateKeyAsync() =>
        _keys.CreateAsync("contoso", "standard", ["orders:read"], null, null, CancellationToken.None);

    private async Task<HttpResponseMessage> SendAsync(string path, string? apiKey = null, string? forged = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        if (forged is not null)
        {
            request.Headers.Add(GatewayAssertion.HeaderName, forged);
        }

        return await _gateway.Client.SendAsync(request);
    }

    /// <summary>What the backend would do: check the assertion against the gateway's published keys.</summary>
    private Task<GatewayAssertionResult> ValidateAsync(string assertion, string audience) =>
        BackendValidatorServices.ValidateAsync(_gateway.Address, audience, assertion);
}
