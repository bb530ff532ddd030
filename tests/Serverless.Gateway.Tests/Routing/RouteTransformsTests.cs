using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>
/// A route's transforms as a real backend and a real client see them: request headers, query parameters and response
/// headers set, appended and removed, and caller claims passed on as headers that no client can forge.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RouteTransformsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly (string Key, string Value)[] ClaimHeaders =
    [
        ("Transforms:ClaimHeaders:X-Tenant-Id", "tenant"),
        ("Transforms:ClaimHeaders:X-User", "subject"),
        ("Transforms:ClaimHeaders:X-Plan", "plan"),
        ("Transforms:ClaimHeaders:X-Scopes", "scopes"),
        ("Transforms:ClaimHeaders:X-Region", "jwt:region"),
        ("Transforms:ClaimHeaders:X-Groups", "jwt:groups"),
        ("Transforms:ClaimHeaders:X-Mfa", "jwt:mfa"),
        ("Transforms:ClaimHeaders:X-Level", "jwt:level"),
    ];

    private BackendServer _backend = null!;
    private TestIdentityProvider _identityProvider = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("api", context =>
        {
            context.Response.StatusCode = context.Request.Path.Value!.EndsWith("/fail", StringComparison.Ordinal) ? 500 : 200;
            return context.Response.WriteAsync("ok");
        });
        _identityProvider = await TestIdentityProvider.StartAsync();
        var settings = new GatewaySettings()
            .Backend("api", _backend.Address)
            .Backend("down", $"http://127.0.0.1:{LoopbackPorts.Free()}")
            .Route("transformed", "/t/{**rest}", "api",
                ("StripPrefix", "/t"),
                ("Transforms:RequestHeaders:Set:X-Env", "prod"),
                ("Transforms:RequestHeaders:Append:X-Trace-Tag", "gateway"),
                ("Transforms:RequestHeaders:Remove:0", "Cookie"),
                ("Transforms:Query:Set:api-version", "2"),
                ("Transforms:Query:Append:tag", "gw"),
                ("Transforms:Query:Remove:0", "debug"),
                ("Transforms:ResponseHeaders:Set:Cache-Control", "no-store"),
                ("Transforms:ResponseHeaders:Append:X-Route", "transformed"),
                ("Transforms:ResponseHeaders:Remove:0", "X-Served-By"))
            .Route("rewritten", "/v1/{**rest}", "api", ("RewritePath", "/api/v1/{**rest}"), ("Transforms:RequestHeaders:Set:X-Env", "prod"))
            .Route("down", "/down/{**rest}", "down", ("Transforms:ResponseHeaders:Set:Cache-Control", "no-store"))
            .Route("public", "/public/{**rest}", "api", ClaimHeaders)
            .Route("either", "/either/{**rest}", "api", [("AuthPolicy", "either"), .. ClaimHeaders])
            .Set("Auth:ApiKeys:Table", "TransformKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:either:Require", "ApiKeyOrJwt");
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

    [Fact]
    public async Task Request_headers_are_set_appended_and_removed_before_the_backend_sees_them()
    {
        var response = await SendAsync("/t/items", request =>
        {
            request.Headers.Add("X-Env", "dev");
            request.Headers.Add("X-Trace-Tag", "client");
            request.Headers.Add("Cookie", "session=abc");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("/items", seen.Path);
        Assert.Equal("prod", seen.Headers["X-Env"]);
        Assert.Equal("client, gateway", seen.Headers["X-Trace-Tag"]);
        Assert.False(seen.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task Query_parameters_are_set_appended_and_removed_before_the_backend_sees_them()
    {
        var response = await SendAsync("/t/items?api-version=1&tag=client&debug=true&keep=yes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = QueryHelpers.ParseQuery(Assert.Single(_backend.Requests).QueryString);
        Assert.Equal("2", query["api-version"]);
        Assert.Equal("client,gw", query["tag"].ToString());
        Assert.Equal("yes", query["keep"]);
        Assert.False(query.ContainsKey("debug"));
    }

    [Theory]
    [InlineData("/t/items", HttpStatusCode.OK)]
    [InlineData("/t/fail", HttpStatusCode.InternalServerError)]
    public async Task Response_headers_are_set_appended_and_removed_on_every_answer_of_the_backend(string path, HttpStatusCode status)
    {
        var response = await SendAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(["transformed"], response.Headers.GetValues("X-Route"));
        Assert.False(response.Headers.Contains("X-Served-By"));
    }

    [Fact]
    public async Task The_gateways_own_answer_for_an_unreachable_backend_carries_no_response_transform()
    {
        var response = await SendAsync("/down/x");

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.BadGateway, "backend_unreachable");
        Assert.Null(response.Headers.CacheControl);
    }

    [Fact]
    public async Task Header_transforms_work_beside_a_rewritten_path()
    {
        await SendAsync("/v1/orders/7?x=1");

        var seen = Assert.Single(_backend.Requests);
        Assert.Equal("/api/v1/orders/7", seen.Path);
        Assert.Equal("?x=1", seen.QueryString);
        Assert.Equal("prod", seen.Headers["X-Env"]);
    }

    [Fact]
    public async Task Identity_headers_and_the_api_key_are_still_stripped_on_a_route_with_transforms()
    {
        await SendAsync("/t/x", request =>
        {
            request.Headers.Add(IdentityHeaders.Tenant, "evil-corp");
            request.Headers.Add("X_Gateway_Plan", "platinum");
            request.Headers.Add(IdentityHeaders.ApiKey, "not-a-key");
        });

        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.DoesNotContain("evil-corp", seen.Values);
        Assert.DoesNotContain("platinum", seen.Values);
        Assert.False(seen.ContainsKey(IdentityHeaders.ApiKey));
    }

    [Fact]
    public async Task An_api_key_callers_tenant_subject_plan_and_scopes_reach_the_backend_as_claim_headers_and_token_claims_stay_absent()
    {
        var issued = await _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync(
            "contoso", "standard", ["orders:read", "orders:write"], null, null, CancellationToken.None);

        var response = await SendAsync("/either/x", request => request.Headers.Add(IdentityHeaders.ApiKey, issued.Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal("contoso", seen["X-Tenant-Id"]);
        Assert.Equal(issued.Record.KeyId, seen["X-User"]);
        Assert.Equal("standard", seen["X-Plan"]);
        Assert.Equal("orders:read orders:write", seen["X-Scopes"]);
        Assert.False(seen.ContainsKey("X-Region"));
    }

    [Fact]
    public async Task Any_claim_of_a_validated_token_reaches_the_backend_as_a_claim_header()
    {
        var token = _identityProvider.CreateToken(new Dictionary<string, object?>
        {
            ["region"] = "eu-west",
            ["groups"] = new[] { "admins", "ops" },
            ["mfa"] = true,
            ["level"] = 3,
        });

        var response = await SendAsync("/either/x", request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.Equal(TestIdentityProvider.TenantId, seen["X-Tenant-Id"]);
        Assert.Equal(TestIdentityProvider.Subject, seen["X-User"]);
        Assert.Equal("orders:read", seen["X-Scopes"]);
        Assert.Equal("eu-west", seen["X-Region"]);
        Assert.Equal("admins, ops", seen["X-Groups"]);
        Assert.Equal("true", seen["X-Mfa"]);
        Assert.Equal("3", seen["X-Level"]);
    }

    [Fact]
    public async Task A_token_claim_no_header_can_carry_leaves_its_header_absent_without_refusing_the_token()
    {
        var token = _identityProvider.CreateToken(new Dictionary<string, object?>
        {
            ["region"] = "eu\r\nX-Injected: yes",
            ["groups"] = new Dictionary<string, object> { ["nested"] = "object" },
        });

        var response = await SendAsync("/either/x", request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.False(seen.ContainsKey("X-Region"));
        Assert.False(seen.ContainsKey("X-Groups"));
        Assert.False(seen.ContainsKey("X-Injected"));
        Assert.Equal(TestIdentityProvider.TenantId, seen["X-Tenant-Id"]);
    }

    [Theory]
    [InlineData("/public/x", false)]
    [InlineData("/either/x", true)]
    public async Task A_claim_header_the_client_sends_never_reaches_the_backend_in_any_spelling(string path, bool authenticated)
    {
        var key = authenticated
            ? (await _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "standard", [], null, null, CancellationToken.None)).Key
            : null;

        var response = await SendAsync(path, request =>
        {
            if (key is not null)
            {
                request.Headers.Add(IdentityHeaders.ApiKey, key);
            }

            request.Headers.Add("X-Tenant-Id", "evil-corp");
            request.Headers.TryAddWithoutValidation("x_tenant_id", "evil-corp");
            request.Headers.Add("X-Region", "evil-region");
            request.Headers.Add("X-Scopes", "admin");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_backend.Requests).Headers;
        Assert.DoesNotContain("evil-corp", seen.Values);
        Assert.DoesNotContain("evil-region", seen.Values);
        Assert.DoesNotContain("admin", seen.Values);
        Assert.Equal(authenticated ? "contoso" : null, seen.GetValueOrDefault("X-Tenant-Id"));
        Assert.False(seen.ContainsKey("X-Scopes"));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        return await _gateway.Client.SendAsync(request);
    }
}
