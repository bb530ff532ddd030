using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Health;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class HealthEndpointTests(AzuriteFixture azurite)
{
    private static readonly string UnreachableStorage = StorageAt(1);

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
            ["AzureWebJobsStorage"] = UnreachableStorage,
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
    public async Task Readiness_gives_up_on_storage_that_accepts_connections_but_never_answers_and_says_so()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = StorageAt(((IPEndPoint)silent.LocalEndpoint).Port),
            ["Functions:Triggers:Enabled"] = "false",
        });

        var ready = await gateway.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var storage = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("storage");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.Equal("Storage did not answer within 0.8 s.", storage.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Readiness_names_why_storage_is_unreachable()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = UnreachableStorage,
            ["Functions:Triggers:Enabled"] = "false",
        });

        var body = await (await gateway.Client.GetAsync("/readyz")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("Connection refused", body.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static string StorageAt(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    [Fact]
    public async Task The_root_path_answers_the_functions_host_probe_when_no_route_covers_it()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>());

        using var response = await gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await response.Content.ReadAsStringAsync());
    }
}
