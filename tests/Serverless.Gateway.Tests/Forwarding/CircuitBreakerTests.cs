using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CircuitBreakerTests(AzuriteFixture azurite)
{
    private static GatewaySettings Breaker(GatewaySettings settings, string backend) => settings
        .Set($"Gateway:Backends:{backend}:LoadBalancing", "RoundRobin")
        .Set($"Gateway:Backends:{backend}:Resilience:Retry:MaxRetries", "0")
        .Set($"Gateway:Backends:{backend}:Resilience:CircuitBreaker:MinimumThroughput", "4")
        .Set($"Gateway:Backends:{backend}:Resilience:CircuitBreaker:FailureRatio", "0.5")
        .Set($"Gateway:Backends:{backend}:Resilience:CircuitBreaker:SamplingDuration", "00:00:10")
        .Set($"Gateway:Backends:{backend}:Resilience:CircuitBreaker:BreakDuration", "00:00:01");

    [Fact]
    public async Task A_failing_destination_leaves_the_rotation_is_probed_after_the_break_and_returns_when_healthy()
    {
        var healthy = false;
        await using var flaky = await BackendServer.StartAsync("flaky", context =>
        {
            context.Response.StatusCode = Volatile.Read(ref healthy) ? 200 : 503;
            return Task.CompletedTask;
        });
        await using var steady = await BackendServer.StartAsync("steady");
        using var transitions = new CircuitTransitionRecorder();
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Breaker(new GatewaySettings()
            .Backend("pool", flaky.Address, steady.Address)
            .Route("pool", "/{**rest}", "pool"), "pool").Build());

        for (var i = 0; i < 20; i++)
        {
            await gateway.Client.GetAsync("/x");
        }

        var flakyCallsWhenOpen = flaky.RequestCount;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/x")).StatusCode);
        }

        Assert.Equal(flakyCallsWhenOpen, flaky.RequestCount);
        Assert.InRange(flakyCallsWhenOpen, 4, 10);

        Volatile.Write(ref healthy, true);
        await Eventually.TrueAsync(async () =>
        {
            await gateway.Client.GetAsync("/x");
            return flaky.RequestCount > flakyCallsWhenOpen + 3;
        });
        Assert.Equal(["open", "half_open", "closed"], transitions.States.Take(3));
    }

    [Fact]
    public async Task When_every_destination_is_open_the_gateway_answers_503_with_retry_after_without_calling_the_backend()
    {
        await using var down = await BackendServer.StartAsync("down", context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await using var gateway = await GatewayTestServer.StartAsync(azurite, Breaker(new GatewaySettings()
            .Backend("single", down.Address)
            .Route("single", "/{**rest}", "single"), "single")
            .Set("Gateway:Backends:single:Resilience:CircuitBreaker:BreakDuration", "00:00:30")
            .Build());

        for (var i = 0; i < 6; i++)
        {
            await gateway.Client.GetAsync("/x");
        }

        var callsWhenOpen = down.RequestCount;
        var response = await gateway.Client.GetAsync("/x");

        var problem = await Routing.GatewayRoutingTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "backend_unavailable");
        Assert.Contains("single", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Equal(callsWhenOpen, down.RequestCount);
    }
}
