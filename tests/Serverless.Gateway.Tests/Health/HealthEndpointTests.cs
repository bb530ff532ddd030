using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class HealthEndpointTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Readiness_reports_storage_and_configuration_healthy_when_azurite_answers()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>());

        var live = await gateway.Client.GetAsync("/healthz");
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("configuration").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_fails_but_liveness_holds_when_storage_is_unreachable()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            ["Functions:Triggers:Enabled"] = "false",
        });

        var live = await gateway.Client.GetAsync("/healthz");
        var ready = await gateway.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_root_path_answers_the_functions_host_probe_when_no_route_covers_it()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>());

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/")).StatusCode);
    }
}
