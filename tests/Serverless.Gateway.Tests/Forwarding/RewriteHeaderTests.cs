using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

/// <summary>
/// IIS, Symfony, Zend and some Java frameworks route by <c>X-Original-URL</c> or <c>X-Rewrite-URL</c> instead of the
/// request line, which would let a caller reach a path its route never matched.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RewriteHeaderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("legacy");
        _gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("legacy", _backend.Address)
            .Route("public", "/public/{**rest}", "legacy")
            .Route("rewriting", "/rewriting/{**rest}", "legacy", ("AllowRewriteHeaders", "true"))
            .Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("X-Original-URL")]
    [InlineData("X-Rewrite-URL")]
    [InlineData("x-original-url")]
    [InlineData("X_Original_URL")]
    [InlineData("X-Rewrite_Url")]
    public async Task Url_rewrite_headers_are_stripped_by_default(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/public/x");
        request.Headers.TryAddWithoutValidation(name, "/admin/users");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/admin/users", Assert.Single(_backend.Requests).Headers.Values);
    }

    [Fact]
    public async Task A_route_that_allows_rewrite_headers_forwards_them()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rewriting/x");
        request.Headers.TryAddWithoutValidation("X-Original-URL", "/admin/users");
        request.Headers.TryAddWithoutValidation("X-Rewrite-URL", "/admin/keys");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("/admin/users", seen["X-Original-URL"]);
        Assert.Equal("/admin/keys", seen["X-Rewrite-URL"]);
    }
}
