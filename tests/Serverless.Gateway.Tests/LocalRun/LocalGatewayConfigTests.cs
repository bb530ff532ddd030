using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Tests.Auth.Assertions;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The local run's checked-in gateway.local.json, loaded by the real gateway: every /orders request goes to the orders
/// service with a signed identity assertion, except the two order queries the gateway answers itself.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class LocalGatewayConfigTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string OrderId = "0123456789abcdef0123456789abcdef";

    private BackendServer _orders = null!;
    private GatewayTestServer _gateway = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _orders = await BackendServer.StartAsync("orders", static context => context.Response.WriteAsJsonAsync(new { servedBy = "orders" }));
        (_gateway, _key) = await LocalGateway.StartAsync(azurite, _orders.Address);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _orders.DisposeAsync();
    }

    [Theory]
    [InlineData("POST", "/orders")]
    [InlineData("GET", $"/orders/{OrderId}")]
    [InlineData("POST", $"/orders/{OrderId}/cancel")]
    [InlineData("POST", $"/orders/{OrderId}/retry")]
    public async Task Order_commands_and_reads_go_to_the_orders_service_with_an_assertion_for_it(string method, string path)
    {
        using var response = await SendAsync(method, path, _key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_orders.Requests);
        Assert.Equal((method, path), (seen.Method, seen.Path));
        var assertion = await BackendValidatorServices.ValidateAsync(_gateway.Address, "orders", seen.Headers[GatewayAssertion.HeaderName]);
        Assert.True(assertion.Succeeded, assertion.Detail);
        Assert.Equal("contoso", assertion.Caller!.Tenant);
        Assert.Equal(["orders:read", "orders:write"], assertion.Caller.Scopes);
    }

    [Fact]
    public async Task The_customer_order_list_is_the_gateway_s_own_endpoint()
    {
        using var response = await SendAsync("GET", "/orders?customerId=cust-1", _key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("cust-1", body.RootElement.GetProperty("customerId").GetString());
        Assert.Empty(_orders.Requests);
    }

    [Fact]
    public async Task An_order_s_audit_trail_is_the_gateway_s_own_endpoint()
    {
        using var response = await SendAsync("GET", $"/orders/{OrderId}/events", _key);

        // No event of this order has been consumed, so the gateway's audit query does not know it.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("order_not_found", body.RootElement.GetProperty("code").GetString());
        Assert.Empty(_orders.Requests);
    }

    [Theory]
    [InlineData("POST", "/orders")]
    [InlineData("GET", $"/orders/{OrderId}")]
    [InlineData("GET", "/orders?customerId=cust-1")]
    public async Task Orders_need_an_api_key_or_a_token_before_anything_reaches_the_orders_service(string method, string path)
    {
        using var response = await SendAsync(method, path, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_orders.Requests);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { customerId = "cust-1" });
        }

        return await _gateway.Client.SendAsync(request);
    }
}
