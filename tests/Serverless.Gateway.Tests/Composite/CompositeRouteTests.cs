using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Composite;

/// <summary>Composite routes on the real gateway against real loopback backends: merging, partial failure, bounds, identity and policies applied once.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CompositeRouteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly List<BackendServer> _backends = [];
    private BackendServer _catalog = null!;
    private BackendServer _echo = null!;
    private BackendServer _broken = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _catalog = await StartAsync("catalog", context => context.Response.WriteAsJsonAsync(new { id = context.Request.Path.Value!.Split('/').Last(), name = "Teapot" }));
        _echo = await StartAsync("echo", null);
        var broken = _broken = await StartAsync("broken", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("{\"error\":\"boom\"}");
        });
        var stalling = await StartAsync("stalling", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var text = await StartAsync("text", context => context.Response.WriteAsync("plain words"));
        var big = await StartAsync("big", context => context.Response.WriteAsJsonAsync(new { blob = new string('x', 4000) }));

        // Each route that fails a part has backends of its own, so no circuit opened by one test changes another's answer.
        var settings = new GatewaySettings()
            .Backend("catalog", _catalog.Address).Backend("echo", _echo.Address)
            .Backend("broken-partial", broken.Address).Backend("broken-strict", broken.Address).Backend("broken-required", broken.Address)
            .Backend("broken-breaker", broken.Address)
            .Set("Gateway:Backends:broken-breaker:Resilience:CircuitBreaker:MinimumThroughput", "2")
            .Set("Gateway:Backends:broken-breaker:Resilience:CircuitBreaker:BreakDuration", "00:10:00")
            .Backend("stalling", stalling.Address).Backend("text", text.Address).Backend("big", big.Address)
            .Set("Auth:ApiKeys:Table", "CompositeKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", "CompositeLimits" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:one:Limit", "1")
            .Set("RateLimiting:Policies:one:Window", "01:00:00");
        Composite(settings, "all", "/all/{id}/{**rest}", ("product", "catalog", "/products/{id}"), ("echo", "echo", "/echo/{id}/{**rest}"));
        Composite(settings, "partial", "/partial/{id}", ("product", "catalog", "/products/{id}"), ("broken", "broken-partial", "/x"), ("slow", "stalling", "/slow/{id}"));
        settings.Set("Gateway:Routes:partial:Parts:slow:Timeout", "00:00:00.300");
        Composite(settings, "strict", "/strict/{id}", ("product", "catalog", "/products/{id}"), ("broken", "broken-strict", "/x"));
        settings.Set("Gateway:Routes:strict:PartialStatus", "502");
        Composite(settings, "required", "/required/{id}", ("product", "catalog", "/products/{id}"), ("broken", "broken-required", "/x"));
        settings.Set("Gateway:Routes:required:Parts:broken:Required", "true");
        Composite(settings, "breaking", "/breaking/{id}", ("product", "catalog", "/products/{id}"), ("broken", "broken-breaker", "/x"));
        Composite(settings, "bounded", "/bounded", ("product", "catalog", "/products/1"), ("big", "big", "/big"), ("text", "text", "/text"));
        settings.Set("Gateway:Routes:bounded:MaxResponseBytes", "1000");
        Composite(settings, "secure", "/secure/{id}", ("product", "catalog", "/products/{id}"), ("echo", "echo", "/echo/{id}"), ("again", "catalog", "/products/again"));
        settings.Set("Gateway:Routes:secure:AuthPolicy", "keys").Set("Gateway:Routes:secure:RateLimitPolicy", "one");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    private static void Composite(GatewaySettings settings, string id, string path, params (string Name, string Backend, string Path)[] parts)
    {
        settings.Set($"Gateway:Routes:{id}:Path", path);
        foreach (var part in parts)
        {
            settings.Set($"Gateway:Routes:{id}:Parts:{part.Name}:Backend", part.Backend).Set($"Gateway:Routes:{id}:Parts:{part.Name}:Path", part.Path);
        }
    }

    private async Task<BackendServer> StartAsync(string name, RequestDelegate? handler)
    {
        var backend = await BackendServer.StartAsync(name, handler);
        _backends.Add(backend);
        return backend;
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        var response = await _gateway.Client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string[] Names(JsonElement body) => body.EnumerateObject().Select(member => member.Name).ToArray();

    [Fact]
    public async Task Every_part_answering_merges_their_json_under_the_part_names_with_the_route_values_in_their_paths()
    {
        var (response, body) = await GetAsync("/all/42/a/b%20c?ignored=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["echo", "product"], Names(body));
        Assert.Equal("42", body.GetProperty("product").GetProperty("id").GetString());
        Assert.Equal("Teapot", body.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("/echo/42/a/b c", body.GetProperty("echo").GetProperty("path").GetString());
        Assert.Equal(string.Empty, body.GetProperty("echo").GetProperty("query").GetString());
        Assert.Contains(_catalog.Requests, request => request.Path == "/products/42" && request.Method == "GET");
    }

    [Fact]
    public async Task A_failed_and_a_timed_out_part_leave_the_others_standing_with_a_problem_details_marker_of_what_is_missing()
    {
        var (response, body) = await GetAsync("/partial/7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["product", "_incomplete"], Names(body));
        Assert.Equal("7", body.GetProperty("product").GetProperty("id").GetString());
        var incomplete = body.GetProperty("_incomplete");
        Assert.Equal("parts_missing", incomplete.GetProperty("code").GetString());
        Assert.Equal("/partial/7", incomplete.GetProperty("instance").GetString());
        Assert.False(incomplete.TryGetProperty("status", out _));
        Assert.Equal(["broken", "slow"], incomplete.GetProperty("missing").EnumerateArray().Select(name => name.GetString()!).ToArray());
        var errors = incomplete.GetProperty("errors");
        Assert.Equal("bad_gateway", errors.GetProperty("broken").GetProperty("code").GetString());
        Assert.Equal(500, errors.GetProperty("broken").GetProperty("status").GetInt32());
        Assert.Equal("backend_timeout", errors.GetProperty("slow").GetProperty("code").GetString());
        Assert.Equal(504, errors.GetProperty("slow").GetProperty("status").GetInt32());
        Assert.DoesNotContain("boom", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_with_partial_status_502_answers_problem_details_that_still_carry_the_parts_that_answered()
    {
        var (response, body) = await GetAsync("/strict/9");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(502, body.GetProperty("status").GetInt32());
        Assert.Equal("parts_missing", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        Assert.Equal(["broken"], body.GetProperty("missing").EnumerateArray().Select(name => name.GetString()!).ToArray());
        Assert.Equal("9", body.GetProperty("parts").GetProperty("product").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_required_part_failing_fails_the_route_with_502_whatever_the_partial_status()
    {
        var (response, body) = await GetAsync("/required/3");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("parts_missing", body.GetProperty("code").GetString());
        Assert.StartsWith("A required part is missing", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("3", body.GetProperty("parts").GetProperty("product").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_part_over_the_response_bound_and_a_part_that_is_not_json_are_missing_while_the_small_json_part_is_merged()
    {
        var (response, body) = await GetAsync("/bounded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", body.GetProperty("product").GetProperty("id").GetString());
        var errors = body.GetProperty("_incomplete").GetProperty("errors");
        Assert.Equal("payload_too_large", errors.GetProperty("big").GetProperty("code").GetString());
        Assert.Equal("bad_gateway", errors.GetProperty("text").GetProperty("code").GetString());
        Assert.Equal(502, errors.GetProperty("text").GetProperty("status").GetInt32());
        Assert.DoesNotContain("plain words", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_part_opens_its_backends_circuit_and_is_then_missing_without_being_called()
    {
        await Eventually.TrueAsync(
            async () => Code(await GetAsync("/breaking/1"), "broken") == "backend_unavailable", because: "the circuit of broken-breaker should open after failed calls");
        var calls = _broken.RequestCount;

        var (response, body) = await GetAsync("/breaking/2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", body.GetProperty("product").GetProperty("id").GetString());
        Assert.Equal("backend_unavailable", Code((response, body), "broken"));
        Assert.Equal(503, body.GetProperty("_incomplete").GetProperty("errors").GetProperty("broken").GetProperty("status").GetInt32());
        Assert.Equal(calls, _broken.RequestCount);
    }

    private static string? Code((HttpResponseMessage Response, JsonElement Body) answer, string part) =>
        answer.Body.GetProperty("_incomplete").GetProperty("errors").GetProperty(part).GetProperty("code").GetString();

    [Fact]
    public async Task Other_methods_than_get_are_refused_with_405_and_call_no_part()
    {
        var before = _catalog.RequestCount;

        var response = await _gateway.Client.PostAsync("/all/1/x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(before, _catalog.RequestCount);
    }

    [Fact]
    public async Task Authentication_and_the_rate_limit_apply_once_to_the_composite_call_and_parts_get_the_identity_never_the_key()
    {
        var key = await _gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "standard", [], null, null, CancellationToken.None);

        var (anonymous, _) = await GetAsync("/secure/5");
        var (first, body) = await GetAsync("/secure/5", key.Key);
        var (second, refusal) = await GetAsync("/secure/5", key.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["again", "echo", "product"], Names(body));
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.Equal("rate_limited", refusal.GetProperty("code").GetString());
        var product = Assert.Single(_catalog.Requests, request => request.Path == "/products/5");
        Assert.Single(_catalog.Requests, request => request.Path == "/products/again");
        Assert.Single(_echo.Requests, request => request.Path == "/echo/5");
        Assert.Equal("contoso", product.Headers["X-Gateway-Tenant"]);
        Assert.Equal("standard", product.Headers["X-Gateway-Plan"]);
        Assert.Equal("ApiKey", product.Headers["X-Gateway-Auth-Scheme"]);
        Assert.All(_catalog.Requests.Concat(_echo.Requests), request =>
        {
            Assert.False(request.Headers.ContainsKey(IdentityHeaders.ApiKey));
            Assert.False(request.Headers.ContainsKey("Authorization"));
        });
    }

    [Fact]
    public async Task A_client_cannot_send_parts_an_identity_of_its_own()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/all/11/x");
        request.Headers.Add("X-Gateway-Tenant", "evil-corp");
        request.Headers.Add("Authorization", "Bearer not-for-backends");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_catalog.Requests, recorded => recorded.Path == "/products/11");
        Assert.False(received.Headers.ContainsKey("X-Gateway-Tenant"));
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }
}
