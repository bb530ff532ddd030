using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class IdentityAssertionKeysTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"gateway-assertions-{Guid.NewGuid():N}.json");
    private readonly TestSigningKey _old = new("2027-01");
    private readonly TestSigningKey _new = new("2027-02");
    private BackendServer _orders = null!;

    public async Task InitializeAsync() => _orders = await BackendServer.StartAsync("orders");

    public async Task DisposeAsync()
    {
        await _orders.DisposeAsync();
        _old.Dispose();
        _new.Dispose();
        File.Delete(_configFile);
    }

    [Fact]
    public async Task The_key_set_publishes_the_public_part_of_every_configured_key_and_nothing_private()
    {
        var settings = Settings();
        foreach (var (key, value) in _old.Settings(0).Concat(_new.Settings(1, sec1: true)))
        {
            settings.Set(key, value);
        }

        // A configured route for the same path does not take the key set over.
        settings.Route("well-known", "/.well-known/{**rest}", "orders");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());

        var response = await gateway.Client.GetAsync(GatewayAssertion.JwksPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var keys = JsonDocument.Parse(body).RootElement.GetProperty("keys").EnumerateArray()
            .Select(key => key.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()))
            .ToList();
        Assert.Equal([_old.PublicJwk(), _new.PublicJwk()], keys.Select(key => key.ToDictionary(pair => pair.Key, pair => pair.Value!)));
        Assert.DoesNotContain("\"d\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_old.D, body, StringComparison.Ordinal);
        Assert.DoesNotContain(_new.D, body, StringComparison.Ordinal);
        Assert.Equal(0, _orders.RequestCount);
    }

    [Fact]
    public async Task Rollover_without_a_restart_signs_with_the_new_key_while_assertions_of_the_old_one_stay_valid_until_it_is_removed()
    {
        await WriteConfigAsync([_old, _new], active: _old.Id);
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build(), _configFile);
        var key = await CreateKeyAsync(gateway);
        var before = await AssertionAsync(gateway, key, "/orders/before");

        await WriteConfigAsync([_old, _new], active: _new.Id);
        var after = string.Empty;
        await Eventually.TrueAsync(async () => new JsonWebToken(after = await AssertionAsync(gateway, key, "/orders/after")).Kid == _new.Id);

        Assert.Equal(_old.Id, new JsonWebToken(before).Kid);
        Assert.True((await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", before)).Succeeded);
        Assert.True((await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", after)).Succeeded);

        await WriteConfigAsync([_new], active: _new.Id);
        await Eventually.TrueAsync(async () => !(await gateway.Client.GetStringAsync(GatewayAssertion.JwksPath)).Contains(_old.Id, StringComparison.Ordinal));

        Assert.Equal(GatewayAssertionResult.InvalidSignature, (await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", before)).Error);
        Assert.True((await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", after)).Succeeded);
    }

    [Fact]
    public async Task An_invalid_change_is_reported_and_ignored_and_the_last_good_keys_keep_signing()
    {
        using var logs = new Functions.CapturedLogs();
        await WriteConfigAsync([_old], active: _old.Id);
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build(), _configFile, builder => builder.Logging.AddProvider(logs));
        var key = await CreateKeyAsync(gateway);

        await WriteConfigAsync([_old, _new], active: "2026-12");
        await Eventually.TrueAsync(() => logs.WithEventId(2302).Count > 0);

        var rejection = logs.WithEventId(2302)[0].Message;
        Assert.Contains("Auth:IdentityAssertion:ActiveKeyId: '2026-12' names no key", rejection, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", rejection, StringComparison.Ordinal);
        Assert.Equal(_old.Id, new JsonWebToken(await AssertionAsync(gateway, key, "/orders/1")).Kid);
        Assert.DoesNotContain(_new.Id, await gateway.Client.GetStringAsync(GatewayAssertion.JwksPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_starts_receiving_assertions_when_its_setting_changes_without_a_restart()
    {
        await File.WriteAllTextAsync(_configFile, """{ "Gateway": { "Backends": { "orders": { "IdentityAssertion": false } } } }""");
        var settings = Settings(identityAssertion: null);
        foreach (var (name, value) in _old.Settings(0))
        {
            settings.Set(name, value);
        }

        await using var gateway = await GatewayTestServer.StartAsync(azurite, settings.Build(), _configFile);
        var key = await CreateKeyAsync(gateway);
        await SendAsync(gateway, key, "/orders/before");

        await File.WriteAllTextAsync(_configFile, """{ "Gateway": { "Backends": { "orders": { "IdentityAssertion": true } } } }""");
        await Eventually.TrueAsync(async () =>
        {
            await SendAsync(gateway, key, "/orders/after");
            return _orders.Requests.Last().Headers.ContainsKey(GatewayAssertion.HeaderName);
        });

        Assert.False(_orders.Requests.First().Headers.ContainsKey(GatewayAssertion.HeaderName));
        Assert.True((await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", _orders.Requests.Last().Headers[GatewayAssertion.HeaderName])).Succeeded);
    }

    [Fact]
    public async Task Without_a_configured_key_a_standalone_gateway_publishes_its_ephemeral_key_and_its_assertions_verify()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings().Build());
        var key = await CreateKeyAsync(gateway);

        var assertion = await AssertionAsync(gateway, key, "/orders/1");

        var published = JsonDocument.Parse(await gateway.Client.GetStringAsync(GatewayAssertion.JwksPath)).RootElement.GetProperty("keys");
        Assert.StartsWith("ephemeral-", Assert.Single(published.EnumerateArray()).GetProperty("kid").GetString(), StringComparison.Ordinal);
        Assert.True((await BackendValidatorServices.ValidateAsync(gateway.Address, "orders", assertion)).Succeeded);
    }

    /// <param name="identityAssertion">The backend's setting, or null to leave it to the configuration file.</param>
    private GatewaySettings Settings(bool? identityAssertion = true)
    {
        var settings = new GatewaySettings()
            .Backend("orders", _orders.Address)
            .Route("orders", "/orders/{**rest}", "orders", ("AuthPolicy", "callers"))
            .Set("Auth:ApiKeys:Table", "AssertionKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:callers:Require", "ApiKey");
        return identityAssertion is { } enabled ? settings.Set("Gateway:Backends:orders:IdentityAssertion", enabled ? "true" : "false") : settings;
    }

    private static Task<IssuedApiKey> CreateKeyAsync(GatewayTestServer gateway) =>
        gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "standard", ["orders:read"], null, null, CancellationToken.None);

    private async Task<string> AssertionAsync(GatewayTestServer gateway, IssuedApiKey key, string path)
    {
        await SendAsync(gateway, key, path);
        return _orders.Requests.Last(seen => seen.Path == path).Headers[GatewayAssertion.HeaderName];
    }

    private static async Task SendAsync(GatewayTestServer gateway, IssuedApiKey key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(IdentityHeaders.ApiKey, key.Key);
        var response = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The signing settings as a reloadable file, the way a key rollover changes them.</summary>
    private async Task WriteConfigAsync(TestSigningKey[] keys, string active)
    {
        var config = new
        {
            Auth = new
            {
                IdentityAssertion = new
                {
                    ActiveKeyId = active,
                    SigningKeys = keys.Select(key => new { key.Id, PrivateKeyPem = key.Pkcs8Pem }).ToList(),
                },
            },
        };
        await File.WriteAllTextAsync(_configFile, JsonSerializer.Serialize(config));
    }
}
