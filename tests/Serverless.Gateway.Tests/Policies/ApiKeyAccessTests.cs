using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>An API key's own origins (a publishable key) and address ranges, checked right after the key is.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyAccessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string App = "https://app.example.com";

    private readonly string _route = "keyed-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _table = "AccessKeys" + Guid.NewGuid().ToString("N")[..8];
    private readonly RefusalMetricRecorder _refusals = new();
    private BackendServer _backend = null!;
    private GatewayTestServer _gateway = null!;
    private ApiKeyManager _keys = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("api");
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Route(_route, "/api/{**rest}", "api", ("AuthPolicy", "keys"), ("Cors:AllowedOrigins:0", "*"))
            .Set("Auth:ApiKeys:Table", _table)
            .Set("Auth:Policies:keys:Require", "ApiKey");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
        _keys = _gateway.Services.GetRequiredService<ApiKeyManager>();
    }

    public async Task DisposeAsync()
    {
        _refusals.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<string> KeyAsync(string[]? origins = null, string[]? allow = null, string[]? deny = null) =>
        (await _keys.CreateAsync("contoso", "standard", [], null, null, new ApiKeyAccess(origins ?? [], allow ?? [], deny ?? []), CancellationToken.None)).Key;

    private async Task<HttpResponseMessage> GetAsync(string key, params string[] origins)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.Add(IdentityHeaders.ApiKey, key);
        foreach (var origin in origins)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await _gateway.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_publishable_key_works_from_its_own_origins_only()
    {
        var key = await KeyAsync(origins: [App, "https://*.example.org"]);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(key, App)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(key, "https://shop.example.org")).StatusCode);
        var foreign = await GetAsync(key, "https://evil.example.net");
        await GatewayRoutingTests.AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal("*", foreign.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(1, _refusals.Count(_route, "origin_not_allowed"));
        Assert.Equal(2, _backend.RequestCount);
    }

    [Theory]
    [InlineData]
    [InlineData("null")]
    [InlineData("https://app.example.com/")]
    [InlineData("HTTPS://APP.EXAMPLE.COM:443")]
    [InlineData(App, App)]
    [InlineData("https://app.example.com, https://app.example.com")]
    public async Task A_publishable_key_without_exactly_one_listed_origin_is_refused(params string[] origins)
    {
        var key = await KeyAsync(origins: [App]);

        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(key, origins), HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_key_s_address_ranges_decide_on_the_client_address()
    {
        var elsewhere = await KeyAsync(allow: ["10.0.0.0/8"]);
        var denied = await KeyAsync(deny: ["127.0.0.0/8"]);
        var here = await KeyAsync(allow: ["127.0.0.1", "::1"]);
        var unrestricted = await KeyAsync();

        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(elsewhere), HttpStatusCode.Forbidden, "ip_not_allowed");
        await GatewayRoutingTests.AssertProblemAsync(await GetAsync(denied), HttpStatusCode.Forbidden, "ip_not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(here)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(unrestricted)).StatusCode);
        Assert.Equal(2, _refusals.Count(_route, "ip_not_allowed"));
    }

    [Fact]
    public async Task A_key_stored_before_access_rules_existed_keeps_working()
    {
        var issued = await _keys.CreateAsync("contoso", "standard", [], null, null, CancellationToken.None);
        var entity = ApiKeyEntity.FromRecord(issued.Record);
        entity.Remove("Origins");
        entity.Remove("AllowIps");
        entity.Remove("DenyIps");
        await new TableClient(azurite.ConnectionString, _table).UpsertEntityAsync(entity, TableUpdateMode.Replace);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(issued.Key)).StatusCode);
        var stored = await _gateway.Services.GetRequiredService<ApiKeyStore>().GetAsync(issued.Record.KeyId, CancellationToken.None);
        Assert.Empty(stored!.Origins);
        Assert.Empty(stored.AllowIps);
        Assert.Empty(stored.DenyIps);
    }

    [Theory]
    [InlineData(new[] { "https://app.example.com/path" }, new string[0], "origin 'https://app.example.com/path' must be scheme://host[:port] only")]
    [InlineData(new[] { "*" }, new string[0], "origin '*' is not allowed on a key")]
    [InlineData(new string[0], new[] { "10.0.0.1/8" }, "allowed address range '10.0.0.1/8' has bits set after its /8 prefix")]
    public async Task Bad_origins_and_ranges_are_refused_when_the_key_is_created(string[] origins, string[] allow, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => KeyAsync(origins, allow));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
