using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class LoadBalancingTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("PowerOfTwoChoices")]
    [InlineData("RoundRobin")]
    public async Task Requests_spread_across_every_destination_of_a_backend(string policy)
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var c = await BackendServer.StartAsync("c");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("pool", a.Address, b.Address, c.Address)
            .Set("Gateway:Backends:pool:LoadBalancing", policy)
            .Route("pool", "/{**rest}", "pool")
            .Build());

        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync($"/item/{i}")).StatusCode);
        }

        Assert.Equal(300, a.RequestCount + b.RequestCount + c.RequestCount);
        Assert.All(new[] { a, b, c }, backend => Assert.InRange(backend.RequestCount, 50, 150));
    }
}
