using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Auth.Assertions;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Composite;

/// <summary>Each part of a composite route gets the identity assertion its own backend is configured for, with that backend as audience.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CompositeIdentityAssertionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestSigningKey _key = new("2027-01");
    private BackendServer _orders = null!;
    private BackendServer _catalog = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _orders = await BackendServer.StartAsync("orders");
        _catalog = await BackendServer.StartAsync("catalog");
        var settings = new GatewaySettings()
            .Backend("orders", _orders.Address)
            .Backend("catalog", _catalog.Address)
            .Set("Gateway:Backends:orders:IdentityAssertion", "true")
            .Set("Gateway:Routes:summary:Path", "/summary/{id}")
            .Set("Gateway:Routes:summary:AuthPolicy", "callers")
            .Set("Gateway:Routes:summary:Parts:order:Backend", "orders")
            .Set("Gateway:Routes:summary:Parts:order:Path", "/orders/{id}")
            .Set("Gateway:Routes:summary:Parts:product:Backend", "catalog")
            .Set("Gateway:Routes:summary:Parts:product:Path", "/products/{id}")
            .Set("Auth:ApiKeys:Table", "CompositeAssertionKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:callers:Require", "ApiKey");
        foreach (var (key, value) in _key.Settings(0))
        {
            settings.Set(key, value);
        }

        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _orders.DisposeAsync();
        await _catalog.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task The_part_on_a_backend_with_assertions_gets_one_for_that_backend_and_a_forged_one_reaches_no_part()
    {
        var key = await _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "gold", [], null, null, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/summary/8");
        request.Headers.Add(IdentityHeaders.ApiKey, key.Key);
        request.Headers.Add(GatewayAssertion.HeaderName, "forged.assertion.value");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = Assert.Single(_orders.Requests).Headers;
        var assertion = new JsonWebToken(order[GatewayAssertion.HeaderName]);
        Assert.Equal(["orders"], assertion.Audiences);
        Assert.Equal(_key.Id, assertion.Kid);
        Assert.Equal("contoso", order[IdentityHeaders.Tenant]);
        var product = Assert.Single(_catalog.Requests).Headers;
        Assert.False(product.ContainsKey(GatewayAssertion.HeaderName));
        Assert.Equal("contoso", product[IdentityHeaders.Tenant]);
    }
}
