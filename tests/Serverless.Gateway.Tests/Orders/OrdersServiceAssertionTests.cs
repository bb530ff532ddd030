using System.Net;
using System.Text.Json;
using Serverless.GatewayIdentity;
using Serverless.Gateway.Tests.Auth.Assertions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The orders service called directly, not through the gateway: only a valid assertion of the gateway's is served.
/// The gateway is stood in for by a JWKS server whose key mints the assertions, so each kind of bad one can be made.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrdersServiceAssertionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string UnknownOrder = "0123456789abcdef0123456789abcdef";

    private readonly TestSigningKey _key = new("gateway-1");
    private readonly TestSigningKey _stranger = new("gateway-1");
    private TestJwksServer _gateway = null!;
    private AppChildProcess _orders = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestJwksServer.StartAsync(TimeProvider.System);
        _gateway.Publish(_key);
        var nowhere = new Uri("http://127.0.0.1:9/");
        var settings = OrderSagaHarness.OrdersSettings(azurite, nowhere, nowhere, nowhere);
        settings["Orders:Gateway:JwksUri"] = _gateway.JwksUri;
        _orders = AppChildProcess.Start(AppChildProcess.Orders, settings);
        await _orders.WaitUntilListeningAsync();
    }

    [Fact]
    public async Task A_request_with_the_gateways_valid_assertion_is_served()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/orders/{UnknownOrder}", _gateway.Mint(_key));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("order_not_found", await CodeAsync(response));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "none", GatewayAssertionResult.MissingAssertion },
        { "plain identity headers", GatewayAssertionResult.MissingAssertion },
        { "forged", GatewayAssertionResult.InvalidSignature },
        { "expired", GatewayAssertionResult.ExpiredAssertion },
        { "another audience", GatewayAssertionResult.WrongAudience },
        { "garbage", GatewayAssertionResult.MalformedAssertion },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_direct_call_without_a_valid_assertion_is_refused_401_and_never_served(string assertion, string code)
    {
        var now = DateTimeOffset.UtcNow;
        var token = assertion switch
        {
            "forged" => _gateway.Mint(_stranger),
            "expired" => _gateway.Mint(_key, new Dictionary<string, object?> { ["iat"] = now.AddMinutes(-5), ["nbf"] = now.AddMinutes(-5), ["exp"] = now.AddMinutes(-2) }),
            "another audience" => _gateway.Mint(_key, new Dictionary<string, object?> { ["aud"] = "catalog" }),
            "garbage" => "e30.a.b.c.d",
            _ => null,
        };
        var body = OrderSagaHarness.OrderJson();

        using var place = await SendAsync(HttpMethod.Post, "/orders", token, body, plainIdentity: assertion == "plain identity headers");
        using var read = await SendAsync(HttpMethod.Get, $"/orders/{UnknownOrder}", token, plainIdentity: assertion == "plain identity headers");

        Assert.Equal(HttpStatusCode.Unauthorized, place.StatusCode);
        Assert.Equal(code, await CodeAsync(place));
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(code, await CodeAsync(read));
    }

    [Fact]
    public async Task A_valid_assertion_that_cannot_be_checked_because_the_gateways_keys_are_unreachable_is_503_not_401()
    {
        _gateway.Unavailable = true;

        using var response = await SendAsync(HttpMethod.Get, $"/orders/{UnknownOrder}", _gateway.Mint(_key));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(GatewayAssertionResult.KeysUnavailable, await CodeAsync(response));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public async Task DisposeAsync()
    {
        await _orders.DisposeAsync();
        await _gateway.DisposeAsync();
        _key.Dispose();
        _stranger.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? assertion, string? json = null, bool plainIdentity = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        if (assertion is not null)
        {
            request.Headers.Add(GatewayAssertion.HeaderName, assertion);
        }

        if (plainIdentity)
        {
            request.Headers.Add("X-Gateway-Tenant", OrderSagaHarness.Tenant);
            request.Headers.Add("X-Gateway-Subject", "someone");
            request.Headers.Add("X-Gateway-Scopes", "orders:write orders:read orders:operate");
        }

        return await _orders.Client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
}
