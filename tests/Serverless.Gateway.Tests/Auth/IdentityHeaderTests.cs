using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Auth;

/// <summary>What a backend may trust: identity headers only from a verified identity, and never the caller's API key.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class IdentityHeaderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private TestIdentityProvider _identityProvider = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("orders");
        _identityProvider = await TestIdentityProvider.StartAsync();
        var settings = new GatewaySettings()
            .Backend("orders", _backend.Address)
            .Route("public", "/public/{**rest}", "orders")
            .Route("keyed", "/keyed/{**rest}", "orders", ("AuthPolicy", "keyed"))
            .Route("signed", "/signed/{**rest}", "orders", ("AuthPolicy", "signed"))
            .Set("Auth:ApiKeys:Table", "IdentityKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keyed:Require", "ApiKey")
            .Set("Auth:Policies:signed:Require", "Jwt");
        foreach (var (key, value) in _identityProvider.CreateSettings())
        {
            settings.Set(key, value);
        }

        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identityProvider.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("tid", "t1\r\nX-Injected: yes")]
    [InlineData("tid", "t1\nX-Injected: yes")]
    [InlineData("sub", "user-1\r\nX-Injected: yes")]
    [InlineData("sub", "user\u0000one")]
    [InlineData("plan", "gold\rX-Injected: yes")]
    [InlineData("scp", "orders:read\tadmin")]
    [InlineData("tid", " contoso")]
    [InlineData("sub", "user-1\u0085")]
    public async Task A_signed_token_whose_identity_claims_hold_control_characters_is_refused_and_reaches_no_backend(string claim, string value)
    {
        var response = await SendAsync("/signed/x", bearer: _identityProvider.CreateToken(new Dictionary<string, object?> { [claim] = value }));

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Theory]
    [InlineData("orders:read\r\nX-Injected: yes")]
    [InlineData("orders:read admin")]
    [InlineData("")]
    public async Task A_scope_array_item_that_is_not_a_single_scope_token_is_refused(string scope)
    {
        var token = _identityProvider.CreateToken(new Dictionary<string, object?> { ["scp"] = new[] { "orders:read", scope } });

        var response = await SendAsync("/signed/x", bearer: token);

        if (scope.Length == 0)
        {
            // An empty item says nothing and breaks nothing; it is skipped, as before.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("orders:read", Assert.Single(_backend.Requests).Headers[IdentityHeaders.Scopes]);
            return;
        }

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_key_record_written_around_the_key_manager_cannot_inject_headers_either()
    {
        var keyId = ApiKeyFormat.NewKeyId();
        var secret = ApiKeyFormat.NewSecret();
        var salt = ApiKeyHasher.NewSalt();
        await _gateway.Services.GetRequiredService<ApiKeyStore>().CreateAsync(
            new ApiKeyRecord
            {
                KeyId = keyId,
                Tenant = "t1\r\nX-Injected: yes",
                Plan = "standard",
                CreatedAt = DateTimeOffset.UtcNow,
                Salt = salt,
                SecretHash = ApiKeyHasher.Hash(salt, secret),
            },
            CancellationToken.None);

        var response = await SendAsync("/keyed/x", apiKey: ApiKeyFormat.Compose(keyId, secret));

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task Identity_claims_in_non_ascii_text_reach_the_backend_as_utf8()
    {
        var token = _identityProvider.CreateToken(new Dictionary<string, object?> { ["tid"] = "Zürich", ["sub"] = "José" });

        var response = await SendAsync("/signed/x", bearer: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("Zürich", seen[IdentityHeaders.Tenant]);
        Assert.Equal("José", seen[IdentityHeaders.Subject]);
    }

    [Theory]
    [InlineData("public", "ApiKey {key}, Bearer x")]
    [InlineData("public", "Bearer x, apikey {key}")]
    [InlineData("public", "APIKEY {key}")]
    [InlineData("public", "Basic dXNlcjpwYXNz,ApiKey  {key}")]
    [InlineData("keyed", "Bearer x, ApiKey {key}")]
    public async Task An_api_key_anywhere_in_the_authorization_header_never_reaches_the_backend(string route, string authorization)
    {
        var key = await CreateKeyAsync();

        var response = await SendAsync($"/{route}/x", apiKey: route == "keyed" ? key : null, configure: request =>
            request.Headers.TryAddWithoutValidation("Authorization", authorization.Replace("{key}", key, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.DoesNotContain(seen.Values, value => value.Contains(key[^ApiKeyFormat.SecretLength..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_key_in_a_second_authorization_line_never_reaches_the_backend()
    {
        var key = await CreateKeyAsync();

        var response = await SendAsync("/public/x", configure: request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer x");
            request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + key);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Assert.Single(_backend.Requests).Headers.Values, value => value.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bearer_token_alone_is_still_forwarded_for_backends_that_check_it_themselves()
    {
        var token = _identityProvider.CreateToken();

        await SendAsync("/signed/x", bearer: token);

        Assert.Equal("Bearer " + token, Assert.Single(_backend.Requests).Headers["Authorization"]);
    }

    [Theory]
    [InlineData("X_Gateway_Tenant")]
    [InlineData("X-Gateway_Scopes")]
    [InlineData("x_gateway_subject")]
    [InlineData("X_GATEWAY_PLAN")]
    [InlineData("X-Gateway_Auth-Scheme")]
    [InlineData("X_Gateway_Assertion")]
    [InlineData("X_Api_Key")]
    public async Task Underscore_twins_of_reserved_headers_are_stripped(string name)
    {
        var response = await SendAsync("/public/x", configure: request => request.Headers.TryAddWithoutValidation(name, "evil-corp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.DoesNotContain(seen.Keys, key => key.Replace('_', '-').Equals(name.Replace('_', '-'), StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("evil-corp", seen.Values);
    }

    [Fact]
    public async Task Underscore_twins_do_not_displace_the_verified_identity()
    {
        var response = await SendAsync("/signed/x", bearer: _identityProvider.CreateToken(), configure: request =>
        {
            request.Headers.TryAddWithoutValidation("X_Gateway_Tenant", "evil-corp");
            request.Headers.TryAddWithoutValidation("x-gateway_scopes", "admin");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal(TestIdentityProvider.TenantId, seen[IdentityHeaders.Tenant]);
        Assert.Equal("orders:read", seen[IdentityHeaders.Scopes]);
        Assert.DoesNotContain("evil-corp", seen.Values);
        Assert.DoesNotContain("admin", seen.Values);
    }

    private async Task<string> CreateKeyAsync() =>
        (await _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "standard", ["orders:read"], null, null, CancellationToken.None)).Key;

    private async Task<HttpResponseMessage> SendAsync(string path, string? apiKey = null, string? bearer = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        configure?.Invoke(request);
        return await _gateway.Client.SendAsync(request);
    }
}
