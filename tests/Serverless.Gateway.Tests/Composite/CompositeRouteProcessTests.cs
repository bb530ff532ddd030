using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Samples;

namespace Serverless.Gateway.Tests.Composite;

/// <summary>A composite route in the gateway as a real process, merging the demo catalog and echo with a part that fails.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CompositeRouteProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_gateway_process_merges_catalog_and_echo_and_marks_the_unreachable_part_missing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var catalog = await DemoBackend.StartAsync("catalog-1", 0, timeout.Token);
        await using var echo = await DemoBackend.StartAsync("echo-1", 0, timeout.Token);
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("catalog", catalog.Address.ToString().TrimEnd('/'))
            .Backend("echo", echo.Address.ToString().TrimEnd('/'))
            .Backend("notifications", $"http://127.0.0.1:{ClosedPort()}")
            .Set("Gateway:Routes:product-page:Path", "/shop/products/{id}")
            .Set("Gateway:Routes:product-page:Parts:product:Backend", "catalog")
            .Set("Gateway:Routes:product-page:Parts:product:Path", "/products/{id}")
            .Set("Gateway:Routes:product-page:Parts:product:Required", "true")
            .Set("Gateway:Routes:product-page:Parts:echo:Backend", "echo")
            .Set("Gateway:Routes:product-page:Parts:echo:Path", "/echo/shop/{id}")
            .Set("Gateway:Routes:product-page:Parts:notifications:Backend", "notifications")
            .Set("Gateway:Routes:product-page:Parts:notifications:Path", "/subscriptions/{id}")
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());
        await gateway.WaitUntilListeningAsync();

        var response = await gateway.Client.GetAsync(new Uri("/shop/products/2", UriKind.Relative), timeout.Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        var missingRequired = await gateway.Client.GetAsync(new Uri("/shop/products/404", UriKind.Relative), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Burr grinder", body.GetProperty("product").GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("/echo/shop/2", body.GetProperty("echo").GetProperty("path").GetString());
        Assert.False(body.TryGetProperty("notifications", out _));
        var incomplete = body.GetProperty("_incomplete");
        Assert.Equal("parts_missing", incomplete.GetProperty("code").GetString());
        Assert.Equal("notifications", Assert.Single(incomplete.GetProperty("missing").EnumerateArray()).GetString());
        Assert.Equal("backend_unreachable", incomplete.GetProperty("errors").GetProperty("notifications").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadGateway, missingRequired.StatusCode);
        Assert.Equal("application/problem+json", missingRequired.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await missingRequired.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
