using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ActiveHealthProbeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_destination_failing_its_health_probe_receives_no_traffic_until_it_passes_again()
    {
        var sick = true;
        await using var probed = await BackendServer.StartAsync("probed", context =>
        {
            if (context.Request.Path == "/healthz")
            {
                context.Response.StatusCode = Volatile.Read(ref sick) ? 503 : 200;
            }

            return Task.CompletedTask;
        });
        await using var steady = await BackendServer.StartAsync("steady");
        await using var gateway = await StartGatewayAsync(probed, steady, probeInterval: "00:00:00.200");
        int ApiCalls() => ApiCallsTo(probed);
        // Probes are sent once each, so a second probe arriving means the first one's result has been applied.
        await Eventually.TrueAsync(() => probed.Requests.Count(r => r.Path == "/healthz") >= 2);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/api/x")).StatusCode);
        }

        Assert.Equal(0, ApiCalls());
        Volatile.Write(ref sick, false);
        await Eventually.TrueAsync(async () =>
        {
            await gateway.Client.GetAsync("/api/x");
            return ApiCalls() > 0;
        });
    }

    [Fact]
    public async Task A_failing_health_probe_is_sent_once_and_not_retried()
    {
        await using var probed = await BackendServer.StartAsync("probed", context =>
        {
            context.Response.StatusCode = context.Request.Path == "/healthz" ? 503 : 200;
            return Task.CompletedTask;
        });
        await using var steady = await BackendServer.StartAsync("steady");
        await using var gateway = await StartGatewayAsync(probed, steady, probeInterval: "01:00:00");
        int ApiCalls() => ApiCallsTo(probed);

        // The probe's verdict is applied only once the handler chain, retries included, has returned its answer; from
        // then on no request reaches the probed destination. A 503 to a GET is what a proxied request would retry.
        await Eventually.TrueAsync(async () =>
        {
            var before = ApiCalls();
            await gateway.Client.GetAsync("/api/x");
            await gateway.Client.GetAsync("/api/x");
            return ApiCalls() == before;
        });

        Assert.Single(probed.Requests, r => r.Path == "/healthz");
    }

    /// <summary>A round-robin pool of the probed backend and a steady one, probed at <paramref name="probeInterval"/>; one failed probe takes a destination out.</summary>
    private Task<GatewayTestServer> StartGatewayAsync(BackendServer probed, BackendServer steady, string probeInterval) =>
        GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("pool", probed.Address, steady.Address)
            .Route("pool", "/api/{**rest}", "pool")
            .Set("Gateway:Backends:pool:LoadBalancing", "RoundRobin")
            .Set("Gateway:Backends:pool:HealthProbe:Enabled", "true")
            .Set("Gateway:Backends:pool:HealthProbe:Interval", probeInterval)
            .Set("Gateway:Backends:pool:HealthProbe:FailureThreshold", "1")
            .Build());

    private static int ApiCallsTo(BackendServer probed) => probed.Requests.Count(r => r.Path.StartsWith("/api", StringComparison.Ordinal));
}
