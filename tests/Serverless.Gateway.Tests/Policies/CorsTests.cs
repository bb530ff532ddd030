using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Routing;

namespace Serverless.Gateway.Tests.Policies;

/// <summary>A route's CORS policy on the real gateway: preflights answered before authentication and rate limits, headers on every answer.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CorsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string App = "https://app.example.com";
    private const string Foreign = "https://evil.example.net";

    private readonly string _route = "cors-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RefusalMetricRecorder _refusals = new();
    private BackendServer _backend = null!;
    private BackendServer _permissive = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("api");
        _permissive = await BackendServer.StartAsync("permissive", context =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowCredentials = "true";
            context.Response.Headers.AccessControlExposeHeaders = "X-Secret";
            return context.Response.WriteAsync("permissive");
        });
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Route(_route, "/api/{**rest}", "api",
                ("Methods:0", "GET"), ("AuthPolicy", "keys"), ("RateLimitPolicy", "one"),
                ("Cors:AllowedOrigins:0", App), ("Cors:AllowedOrigins:1", "https://*.example.org"))
            .Route("cors-any", "/open/{**rest}", "api", ("Cors:AllowedOrigins:0", "*"), ("Cors:MaxAge", "00:00:00"),
                ("Cors:AllowedHeaders:0", "*"), ("Cors:ExposedHeaders:0", "X-Served-By"))
            .Route("no-cors", "/plain/{**rest}", "api")
            .Backend("permissive", _permissive.Address)
            .Route("permissive", "/permissive/{**rest}", "permissive", ("Cors:AllowedOrigins:0", App))
            .Set("Auth:ApiKeys:Table", "CorsKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", "CorsLimits" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:one:Limit", "1")
            .Set("RateLimiting:Policies:one:Window", "01:00:00");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        _refusals.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        await _permissive.DisposeAsync();
    }

    private static HttpRequestMessage Preflight(string path, string? origin, string method = "GET", string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", headers);
        }

        return request;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? origin, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        return await _gateway.Client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private Task<IssuedApiKey> CreateKeyAsync() =>
        _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "standard", [], null, null, CancellationToken.None);

    [Fact]
    public async Task Preflights_are_answered_without_credentials_and_never_count_against_the_rate_limit()
    {
        for (var i = 0; i < 20; i++)
        {
            using var preflight = Preflight($"/api/items/{i}", App, headers: "x-api-key, content-type");
            var response = await _gateway.Client.SendAsync(preflight);

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("GET", Header(response, "Access-Control-Allow-Methods"));
            Assert.Equal("Content-Type,Authorization,X-Api-Key,Idempotency-Key,traceparent,tracestate", Header(response, "Access-Control-Allow-Headers"));
            Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        }

        Assert.Equal(0, _backend.RequestCount);
        Assert.Equal(0, _refusals.Count(_route));

        var key = await CreateKeyAsync();
        var first = await GetAsync("/api/items/1", App, key.Key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(App, Header(first, "Access-Control-Allow-Origin"));
        Assert.Equal("RateLimit,RateLimit-Policy,Retry-After", Header(first, "Access-Control-Expose-Headers"));
        Assert.Contains("Origin", Header(first, "Vary"), StringComparison.Ordinal);
        Assert.NotNull(Header(first, "RateLimit"));
    }

    [Fact]
    public async Task The_gateway_s_own_refusals_carry_the_cors_headers_so_the_page_can_read_them()
    {
        var unauthenticated = await GetAsync("/api/items/1", App);
        await GatewayRoutingTests.AssertProblemAsync(unauthenticated, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(App, Header(unauthenticated, "Access-Control-Allow-Origin"));

        var key = await CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/items/1", "https://shop.example.org", key.Key)).StatusCode);
        var limited = await GetAsync("/api/items/1", "https://shop.example.org", key.Key);
        await GatewayRoutingTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("https://shop.example.org", Header(limited, "Access-Control-Allow-Origin"));
        Assert.Contains("Retry-After", Header(limited, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Foreign)]
    [InlineData("null")]
    [InlineData("https://app.example.com/evil")]
    [InlineData("https://app.example.com.evil.net")]
    [InlineData("https://example.org")]
    [InlineData("not an origin at all")]
    public async Task An_origin_not_on_the_list_gets_no_cors_headers_and_its_preflight_never_reaches_the_backend(string origin)
    {
        using var preflight = Preflight("/api/items/1", origin);
        var answered = await _gateway.Client.SendAsync(preflight);
        var refused = await GetAsync("/api/items/1", origin);

        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.Null(Header(answered, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(Header(refused, "Access-Control-Allow-Origin"));
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_huge_list_of_requested_headers_gets_the_configured_list_back_not_an_error()
    {
        var headers = string.Join(",", Enumerable.Range(0, 2500).Select(i => $"x-h{i}"));
        using var preflight = Preflight("/api/items/1", App, headers: headers);

        var response = await _gateway.Client.SendAsync(preflight);

        // The browser compares its request with the configured list; none of the requested names is echoed back.
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain("x-h1", Header(response, "Access-Control-Allow-Headers"), StringComparison.Ordinal);
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_preflight_for_a_method_the_route_does_not_accept_is_not_allowed()
    {
        using var preflight = Preflight("/api/items/1", App, method: "DELETE");

        var response = await _gateway.Client.SendAsync(preflight);

        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(0, _backend.RequestCount);
    }

    [Fact]
    public async Task A_route_open_to_any_origin_answers_with_a_star_and_its_own_settings()
    {
        using var preflight = Preflight("/open/x", Foreign, method: "PUT", headers: "x-anything");
        var answered = await _gateway.Client.SendAsync(preflight);
        var response = await GetAsync("/open/x", Foreign);

        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.Equal("*", Header(answered, "Access-Control-Allow-Origin"));
        Assert.Equal("x-anything", Header(answered, "Access-Control-Allow-Headers"));
        Assert.Equal("0", Header(answered, "Access-Control-Max-Age"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("X-Served-By", Header(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task The_route_s_policy_replaces_whatever_cors_headers_the_backend_sends()
    {
        var foreign = await GetAsync("/permissive/x", Foreign);
        var allowed = await GetAsync("/permissive/x", App);

        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Null(Header(foreign, "Access-Control-Allow-Origin"));
        Assert.Null(Header(foreign, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(foreign, "Access-Control-Expose-Headers"));
        Assert.Equal(App, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Null(Header(allowed, "Access-Control-Allow-Credentials"));
        Assert.Equal("RateLimit,RateLimit-Policy,Retry-After", Header(allowed, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task On_a_route_without_cors_an_options_request_goes_to_the_backend_unchanged()
    {
        using var preflight = Preflight("/plain/x", App);

        var response = await _gateway.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("OPTIONS", Assert.Single(_backend.Requests).Method);
    }
}
