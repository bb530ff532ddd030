using System.Globalization;
using System.Net;
using System.Text.Json;
using Serverless.LocalRun;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Auth.ApiKeys;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyStorageOutageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_key_that_cannot_be_checked_because_storage_is_unreachable_gets_503_auth_unavailable()
    {
        // Nothing listens on the port: every storage call fails to connect, as when the account is unreachable.
        var port = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        var unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "keys"))
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("AzureWebJobsStorage", unreachable)
            .Set("Functions:Triggers:Enabled", "false")
            .Build());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.Add("X-Api-Key", ApiKeyFormat.Compose(ApiKeyFormat.NewKeyId(), ApiKeyFormat.NewSecret()));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("auth_unavailable", problem.RootElement.GetProperty("code").GetString());
        Assert.Empty(backend.Requests);
    }
}
