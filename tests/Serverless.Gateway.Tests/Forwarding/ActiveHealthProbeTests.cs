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
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("pool", probed.Address, steady.Address)
            .Route("pool", "/api/{**rest}", "pool")
            .Set("Gateway:Backends:pool:LoadBalancing", "RoundRobin")
            .Set("Gateway:Backends:pool:HealthProbe:Enabled", "true")
            .Set("Gateway:Backends:pool:HealthProbe:Interval", "00:00:00.200")
            .Set("Gateway:Backends:pool:HealthProbe:FailureThreshold", "1")
            .Build());
        int ApiCalls() => probed.Requests.Count(r => r.Path.StartsWith("/api", StringComparison.Ordinal));
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
}
