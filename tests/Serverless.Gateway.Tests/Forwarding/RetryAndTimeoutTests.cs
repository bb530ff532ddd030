using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RetryAndTimeoutTests(AzuriteFixture azurite)
{
    private static RequestDelegate FailFirst(int failures)
    {
        var count = 0;
        return context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref count) <= failures ? 503 : 200;
            return Task.CompletedTask;
        };
    }

    private static Task SlowerThanAnyTimeout(HttpContext context) => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);

    private static GatewaySettings Settings(string address) => new GatewaySettings()
        .Backend("b", address)
        .Route("b", "/{**rest}", "b")
        .Set("Gateway:Backends:b:Resilience:Retry:MaxRetries", "2")
        .Set("Gateway:Backends:b:Resilience:Retry:BaseDelay", "00:00:00.010")
        .Set("Gateway:Backends:b:Resilience:CircuitBreaker:Enabled", "false");

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    public async Task An_idempotent_request_is_retried_after_a_transient_503(string method)
    {
        await using var backend = await BackendServer.StartAsync("b", FailFirst(2));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend.Address).Build());

        var response = await gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/r"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, backend.RequestCount);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    public async Task A_request_with_a_body_or_a_non_idempotent_method_is_not_retried(string method)
    {
        await using var backend = await BackendServer.StartAsync("b", FailFirst(1));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend.Address).Build());

        var response = await gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/r") { Content = new StringContent("{\"a\":1}") });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count_and_the_last_backend_answer_passes_through()
    {
        await using var backend = await BackendServer.StartAsync("b", FailFirst(100));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend.Address).Build());

        var response = await gateway.Client.GetAsync("/r");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, backend.RequestCount);
    }

    [Fact]
    public async Task A_connection_refused_destination_gets_backend_unreachable_problem_details()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings("http://127.0.0.1:1").Build());

        var response = await gateway.Client.PostAsync("/r", new StringContent("x"));

        await Routing.GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.BadGateway, "backend_unreachable");
    }

    [Theory]
    [InlineData("GET", 2)]
    [InlineData("POST", 1)]
    public async Task A_backend_slower_than_the_attempt_timeout_gets_504_backend_timeout_after_the_attempts_its_method_allows(string method, int attempts)
    {
        await using var backend = await BackendServer.StartAsync("slow", SlowerThanAnyTimeout);
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend.Address)
            .Set("Gateway:Backends:b:Resilience:AttemptTimeout", "00:00:00.300")
            .Set("Gateway:Backends:b:Resilience:Retry:MaxRetries", "1")
            .Build());

        var response = await gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/r"));

        await Routing.GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "backend_timeout");
        Assert.Equal(attempts, backend.RequestCount);
    }

    [Fact]
    public async Task A_route_timeout_bounds_the_whole_request_and_answers_504()
    {
        await using var backend = await BackendServer.StartAsync("slow", SlowerThanAnyTimeout);
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Settings(backend.Address)
            .Set("Gateway:Routes:b:Timeout", "00:00:00.300")
            .Build());

        var response = await gateway.Client.PostAsync("/r", new StringContent("x"));

        await Routing.GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "backend_timeout");
    }
}
