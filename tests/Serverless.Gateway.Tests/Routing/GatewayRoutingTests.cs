using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Routing;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class GatewayRoutingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _orders = null!;
    private BackendServer _catalog = null!;
    private BackendServer _v2 = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _orders = await BackendServer.StartAsync("orders");
        _catalog = await BackendServer.StartAsync("catalog");
        _v2 = await BackendServer.StartAsync("v2");
        var settings = new GatewaySettings()
            .Backend("orders", _orders.Address)
            .Backend("catalog", _catalog.Address)
            .Backend("v2", _v2.Address)
            .Route("order-by-id", "/orders/{id:int}", "orders", ("Methods:0", "GET"), ("Methods:1", "DELETE"))
            .Route("orders-create", "/orders", "orders", ("Methods:0", "POST"))
            .Route("catalog", "/catalog/{**rest}", "catalog", ("StripPrefix", "/catalog"))
            .Route("rewrite", "/shop/{category}/{**rest}", "catalog", ("RewritePath", "/api/{category}/items/{**rest}"))
            .Route("host-only", "/hosted/{**rest}", "catalog", ("Hosts:0", "api.example.com"))
            .Route("versioned", "/things/{**rest}", "v2", ("Headers:0:Name", "X-Api-Version"), ("Headers:0:Values:0", "2"), ("Order", "-1"))
            .Route("things", "/things/{**rest}", "catalog");
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _orders.DisposeAsync();
        await _catalog.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Fact]
    public async Task A_route_parameter_with_a_constraint_routes_matching_paths_to_its_backend()
    {
        var response = await _gateway.Client.GetAsync("/orders/42?expand=lines");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("orders", ServedBy(response));
        var seen = Assert.Single(_orders.Requests);
        Assert.Equal("/orders/42", seen.Path);
        Assert.Equal("?expand=lines", seen.QueryString);
    }

    [Fact]
    public async Task A_path_that_fails_the_route_constraint_is_not_routed()
    {
        var response = await _gateway.Client.GetAsync("/orders/abc");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "route_not_found");
        Assert.Equal(0, _orders.RequestCount);
    }

    [Fact]
    public async Task A_method_the_route_does_not_accept_gets_405_problem_details()
    {
        var response = await _gateway.Client.PutAsync("/orders/42", new StringContent("{}"));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(0, _orders.RequestCount);
    }

    [Fact]
    public async Task Routes_on_the_same_path_are_chosen_by_method()
    {
        var created = await _gateway.Client.PostAsync("/orders", new StringContent("{}"));
        var deleted = await _gateway.Client.DeleteAsync("/orders/7");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["POST", "DELETE"], _orders.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_catch_all_route_strips_its_prefix_before_forwarding()
    {
        var response = await _gateway.Client.GetAsync("/catalog/products/7/reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/products/7/reviews", Assert.Single(_catalog.Requests).Path);
    }

    [Fact]
    public async Task A_rewrite_template_builds_the_forwarded_path_from_route_values()
    {
        var response = await _gateway.Client.GetAsync("/shop/books/fiction/42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/books/items/fiction/42", Assert.Single(_catalog.Requests).Path);
    }

    [Fact]
    public async Task A_host_restricted_route_answers_only_for_its_host()
    {
        using var matching = new HttpRequestMessage(HttpMethod.Get, "/hosted/x");
        matching.Headers.Host = "api.example.com";
        using var other = new HttpRequestMessage(HttpMethod.Get, "/hosted/x");
        other.Headers.Host = "evil.example.com";

        var matched = await _gateway.Client.SendAsync(matching);
        var unmatched = await _gateway.Client.SendAsync(other);

        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        await AssertProblemAsync(unmatched, HttpStatusCode.NotFound, "route_not_found");
        Assert.Equal(1, _catalog.RequestCount);
    }

    [Fact]
    public async Task A_header_condition_selects_between_routes_on_the_same_path()
    {
        using var versioned = new HttpRequestMessage(HttpMethod.Get, "/things/1");
        versioned.Headers.Add("X-Api-Version", "2");

        var v2 = await _gateway.Client.SendAsync(versioned);
        var v1 = await _gateway.Client.GetAsync("/things/1");

        Assert.Equal("v2", ServedBy(v2));
        Assert.Equal("catalog", ServedBy(v1));
    }

    [Fact]
    public async Task An_unknown_path_gets_route_not_found_problem_details_with_a_trace_id()
    {
        var response = await _gateway.Client.GetAsync("/nowhere");

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, "route_not_found");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.Contains("/nowhere", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string? ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Served-By", out var values) ? values.Single() : null;

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
        return problem;
    }
}
