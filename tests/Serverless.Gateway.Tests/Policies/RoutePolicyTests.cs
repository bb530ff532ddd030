using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Policies;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RoutePolicyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private TestIdentityProvider _identityProvider = null!;
    private GatewayTestServer _gateway = null!;
    private ApiKeyManager _keys = null!;
    private readonly Functions.CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("orders");
        _identityProvider = await TestIdentityProvider.StartAsync();
        var settings = new GatewaySettings()
            .Backend("orders", _backend.Address)
            .Route("public", "/public/{**rest}", "orders", ("RateLimitPolicy", "anonymous"))
            .Route("orders", "/orders/{**rest}", "orders", ("AuthPolicy", "orders-read"), ("RateLimitPolicy", "plan"))
            .Route("admin", "/admin/{**rest}", "orders", ("AuthPolicy", "admin"))
            .Set("Auth:ApiKeys:Table", "PolicyKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:ApiKeys:CacheDuration", "00:00:01")
            .Set("Auth:Policies:orders-read:Require", "ApiKeyOrJwt")
            .Set("Auth:Policies:orders-read:Scopes:0", "orders:read")
            .Set("Auth:Policies:admin:Require", "Jwt")
            .Set("Auth:Policies:admin:Scopes:0", "admin")
            .Set("RateLimiting:Table", "PolicyLimits" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:anonymous:Limit", "3")
            .Set("RateLimiting:Policies:anonymous:Window", "00:01:00")
            .Set("RateLimiting:Policies:free:Limit", "5")
            .Set("RateLimiting:Policies:free:Window", "00:01:00")
            .Set("RateLimiting:Plans:free:RateLimitPolicy", "free")
            .Set("RateLimiting:Plans:tiny:DailyQuota", "2")
            .Set("RateLimiting:Plans:standard:MonthlyQuota", "1000");
        foreach (var (key, value) in _identityProvider.CreateSettings())
        {
            settings.Set(key, value);
        }

        settings.Set("Logging:LogLevel:Default", "Trace");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build(), configure: builder => builder.Logging.AddProvider(_logs));
        _keys = _gateway.Services.GetRequiredService<ApiKeyManager>();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identityProvider.DisposeAsync();
        await _backend.DisposeAsync();
    }

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

    private Task<IssuedApiKey> CreateKeyAsync(string plan = "standard", params string[] scopes) =>
        _keys.CreateAsync("contoso", plan, scopes.Length == 0 ? ["orders:read"] : scopes, null, null, CancellationToken.None);

    [Fact]
    public async Task A_protected_route_without_credentials_answers_401_with_both_challenges()
    {
        var response = await SendAsync("/orders/1");

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("ApiKey", challenge, StringComparison.Ordinal);
        Assert.Contains("Bearer", challenge, StringComparison.Ordinal);
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_valid_api_key_reaches_the_backend_as_a_trusted_identity_and_the_key_itself_is_not_forwarded()
    {
        var key = await CreateKeyAsync();

        var response = await SendAsync("/orders/1", apiKey: key.Key, configure: request =>
        {
            request.Headers.Add(IdentityHeaders.Tenant, "evil-corp");
            request.Headers.Add(IdentityHeaders.Scopes, "admin");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("contoso", seen[IdentityHeaders.Tenant]);
        Assert.Equal(key.Record.KeyId, seen[IdentityHeaders.Subject]);
        Assert.Equal("orders:read", seen[IdentityHeaders.Scopes]);
        Assert.Equal("ApiKey", seen[IdentityHeaders.Scheme]);
        Assert.False(seen.ContainsKey(IdentityHeaders.ApiKey));
        Assert.DoesNotContain(seen.Values, value => value.Contains(key.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_authorization_apikey_form_works_and_is_not_forwarded_either()
    {
        var key = await CreateKeyAsync();

        var response = await SendAsync("/orders/1", configure: request => request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key.Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(_backend.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Client_supplied_identity_headers_are_stripped_even_on_anonymous_routes()
    {
        var response = await SendAsync("/public/x", configure: request => request.Headers.Add(IdentityHeaders.Tenant, "evil-corp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(_backend.Requests).Headers.ContainsKey(IdentityHeaders.Tenant));
    }

    [Fact]
    public async Task A_wrong_key_answers_401_invalid_api_key()
    {
        var response = await SendAsync("/orders/1", apiKey: ApiKeyFormat.Compose(ApiKeyFormat.NewKeyId(), ApiKeyFormat.NewSecret()));

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_once_the_cache_duration_has_passed()
    {
        var key = await CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/orders/1", apiKey: key.Key)).StatusCode);

        await _keys.RevokeAsync(key.Record.KeyId, CancellationToken.None);

        await Eventually.TrueAsync(async () => (await SendAsync("/orders/1", apiKey: key.Key)).StatusCode == HttpStatusCode.Unauthorized);
        await GatewayRoutingTests.AssertProblemAsync(await SendAsync("/orders/1", apiKey: key.Key), HttpStatusCode.Unauthorized, "api_key_revoked");
    }

    [Fact]
    public async Task A_key_without_the_required_scope_answers_403()
    {
        var key = await CreateKeyAsync("standard", "orders:write");

        var response = await SendAsync("/orders/1", apiKey: key.Key);

        var problem = await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("orders:read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_bearer_token_is_accepted_and_maps_tenant_and_scopes()
    {
        var token = _identityProvider.CreateToken(new Dictionary<string, object?> { ["scp"] = "orders:read admin" });

        var response = await SendAsync("/admin/x", bearer: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal(TestIdentityProvider.TenantId, seen[IdentityHeaders.Tenant]);
        Assert.Equal("Bearer", seen[IdentityHeaders.Scheme]);
    }

    [Fact]
    public async Task A_bad_bearer_token_answers_401_with_an_rfc_6750_challenge()
    {
        var response = await SendAsync("/admin/x", bearer: _identityProvider.CreateUnsignedToken());

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_the_routes_scope_answers_403_naming_the_scope_in_the_challenge()
    {
        var response = await SendAsync("/admin/x", bearer: _identityProvider.CreateToken());

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("scope=\"admin\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_is_not_accepted_on_a_jwt_only_route()
    {
        var key = await CreateKeyAsync("standard", "admin");

        var response = await SendAsync("/admin/x", apiKey: key.Key);

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task No_api_key_secret_or_bearer_token_appears_in_any_log_line_even_at_trace_level()
    {
        var key = await CreateKeyAsync();
        var token = _identityProvider.CreateToken(new Dictionary<string, object?> { ["scp"] = "admin" });
        var wrong = ApiKeyFormat.Compose(key.Record.KeyId, ApiKeyFormat.NewSecret());

        await SendAsync("/orders/1", apiKey: key.Key);
        await SendAsync("/orders/1", apiKey: wrong);
        await SendAsync("/admin/x", bearer: token);
        await SendAsync("/admin/x", bearer: token[..^4] + "AAAA");

        Assert.NotEmpty(_logs.Entries);
        foreach (var entry in _logs.Entries)
        {
            var text = entry.Message + string.Join(" ", entry.Properties.Values);
            Assert.DoesNotContain(key.Key[21..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong[21..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2][..20], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_plan_rate_limit_answers_429_with_retry_after_and_ratelimit_headers()
    {
        var key = await CreateKeyAsync("free");

        var admitted = new List<HttpResponseMessage>();
        HttpResponseMessage last;
        while ((last = await SendAsync("/orders/1", apiKey: key.Key)).StatusCode == HttpStatusCode.OK)
        {
            admitted.Add(last);
            Assert.True(admitted.Count <= 5, "More requests were admitted than the policy allows.");
        }

        Assert.Equal(5, admitted.Count);
        await GatewayRoutingTests.AssertProblemAsync(last, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("\"free\";q=5;w=60", last.Headers.GetValues("RateLimit-Policy"));
        Assert.StartsWith("\"free\";r=0;t=", last.Headers.GetValues("RateLimit").First(), StringComparison.Ordinal);
        Assert.StartsWith("\"free\";r=4;t=", admitted[0].Headers.GetValues("RateLimit").First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_by_client_ip()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await SendAsync("/public/x")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_used_up_daily_quota_answers_429_quota_exceeded_saying_when_it_resets()
    {
        var key = await _keys.CreateAsync("quota-tenant", "tiny", ["orders:read"], null, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/orders/1", apiKey: key.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/orders/1", apiKey: key.Key)).StatusCode);
        var refused = await SendAsync("/orders/1", apiKey: key.Key);

        var problem = await GatewayRoutingTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.Contains("daily quota of 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
