using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>Routes chosen by query parameters: exact values, presence and prefixes, ignoring case, beside routes without a condition.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class QueryMatchingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _v2 = null!;
    private BackendServer _debug = null!;
    private BackendServer _eu = null!;
    private BackendServer _fallback = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _v2 = await BackendServer.StartAsync("v2");
        _debug = await BackendServer.StartAsync("debug");
        _eu = await BackendServer.StartAsync("eu");
        _fallback = await BackendServer.StartAsync("fallback");
        var settings = new GatewaySettings()
            .Backend("v2", _v2.Address)
            .Backend("debug", _debug.Address)
            .Backend("eu", _eu.Address)
            .Backend("fallback", _fallback.Address)
            .Route("items-v2", "/items/{**rest}", "v2", ("QueryParameters:0:Name", "version"), ("QueryParameters:0:Values:0", "2"), ("QueryParameters:0:Values:1", "beta"))
            .Route("items", "/items/{**rest}", "fallback")
            .Route("probe", "/probe/{**rest}", "debug", ("QueryParameters:0:Name", "debug"), ("QueryParameters:0:Mode", "Exists"))
            .Route("regional-eu", "/regional/{**rest}", "eu", ("QueryParameters:0:Name", "region"), ("QueryParameters:0:Mode", "Prefix"), ("QueryParameters:0:Values:0", "eu-"))
            .Route("regional", "/regional/{**rest}", "fallback")
            .Route("search", "/search/{**rest}", "v2", ("QueryParameters:0:Name", "q"), ("QueryParameters:0:Mode", "Contains"), ("QueryParameters:0:Values:0", "shoe"))
            .Route("search-safe", "/safe/{**rest}", "v2", ("QueryParameters:0:Name", "q"), ("QueryParameters:0:Mode", "NotContains"), ("QueryParameters:0:Values:0", "admin"));
        _gateway = await GatewayTestServer.StartAsync(azurite, settings.Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _v2.DisposeAsync();
        await _debug.DisposeAsync();
        await _eu.DisposeAsync();
        await _fallback.DisposeAsync();
    }

    [Theory]
    [InlineData("/items/a?version=2", "v2")]
    [InlineData("/items/a?version=BETA", "v2")]
    [InlineData("/items/a?other=1&version=beta", "v2")]
    [InlineData("/items/a?version=3", "fallback")]
    [InlineData("/items/a?version=20", "fallback")]
    [InlineData("/items/a", "fallback")]
    public async Task An_exact_query_condition_takes_its_values_in_any_case_and_anything_else_falls_through(string path, string backend)
    {
        var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(backend, ServedBy(response));
    }

    [Theory]
    [InlineData("/regional/x?region=eu-west", "eu")]
    [InlineData("/regional/x?region=EU-NORTH", "eu")]
    [InlineData("/regional/x?region=us-east", "fallback")]
    [InlineData("/regional/x?region=weu-1", "fallback")]
    public async Task A_prefix_query_condition_routes_by_the_start_of_the_value(string path, string backend)
    {
        var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(backend, ServedBy(response));
    }

    [Fact]
    public async Task An_exists_query_condition_matches_any_value_and_its_route_is_not_found_without_the_parameter()
    {
        var withValue = await _gateway.Client.GetAsync("/probe/x?debug=1");
        var without = await _gateway.Client.GetAsync("/probe/x?verbose=1");

        Assert.Equal("debug", ServedBy(withValue));
        await GatewayRoutingTests.AssertProblemAsync(without, HttpStatusCode.NotFound, "route_not_found");
        Assert.Equal(1, _debug.RequestCount);
    }

    [Theory]
    [InlineData("/probe/x?debug")]
    [InlineData("/probe/x?debug=")]
    public async Task An_exists_query_condition_needs_a_value_so_a_bare_parameter_does_not_match(string path)
    {
        var response = await _gateway.Client.GetAsync(path);

        await GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "route_not_found");
    }

    [Theory]
    [InlineData("/search/x?q=red%20shoes", HttpStatusCode.OK)]
    [InlineData("/search/x?q=boots", HttpStatusCode.NotFound)]
    [InlineData("/safe/x?q=reports", HttpStatusCode.OK)]
    [InlineData("/safe/x?q=ADMIN-panel", HttpStatusCode.NotFound)]
    public async Task Contains_and_not_contains_query_conditions_compare_the_decoded_value(string path, HttpStatusCode status)
    {
        var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
    }

    private static string? ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Served-By", out var values) ? values.Single() : null;
}
