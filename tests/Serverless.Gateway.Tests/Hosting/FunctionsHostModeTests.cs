using System.Net;
using Serverless.LocalRun;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsHostModeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Under_the_functions_host_the_app_listens_on_the_given_port_and_trusts_the_hosts_forwarded_headers()
    {
        await using var backend = await BackendServer.StartAsync("b");
        var port = LoopbackPorts.Free();
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("all", "/api/{**rest}", "b")
            .Set("FUNCTIONS_CUSTOMHANDLER_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Build());
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/api/items");
        proxied.Headers.Add("X-Forwarded-For", "198.51.100.7");
        proxied.Headers.Add("x-ms-invocation-id", Guid.NewGuid().ToString());

        var response = await client.SendAsync(proxied);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), new Uri(gateway.Address));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("198.51.100.7", Assert.Single(backend.Requests).Headers["X-Forwarded-For"]);
    }
}
