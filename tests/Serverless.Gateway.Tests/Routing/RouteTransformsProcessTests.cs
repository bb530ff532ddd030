using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>Query matching and transforms in the gateway as a real process: what the backend and the client see, and a bad transform stopping start-up.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RouteTransformsProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_request_through_the_gateway_process_reaches_the_backend_with_its_header_and_query_transforms()
    {
        await using var backend = await BackendServer.StartAsync("echo");
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("echo", backend.Address)
            .Route("echo-v2", "/echo/{**rest}", "echo",
                ("QueryParameters:0:Name", "version"),
                ("QueryParameters:0:Values:0", "2"),
                ("Transforms:RequestHeaders:Set:X-Demo-Env", "local"),
                ("Transforms:Query:Set:api-version", "2024-01-01"),
                ("Transforms:Query:Remove:0", "version"),
                ("Transforms:ResponseHeaders:Set:Cache-Control", "no-store"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());
        await gateway.WaitUntilListeningAsync();

        var matched = await gateway.Client.GetAsync("/echo/hello?version=2&from=test");
        var unmatched = await gateway.Client.GetAsync("/echo/hello?version=1");

        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        Assert.True(matched.Headers.CacheControl?.NoStore);
        var seen = Assert.Single(backend.Requests);
        Assert.Equal("local", seen.Headers["X-Demo-Env"]);
        var query = QueryHelpers.ParseQuery(seen.QueryString);
        Assert.Equal("2024-01-01", query["api-version"]);
        Assert.Equal("test", query["from"]);
        Assert.False(query.ContainsKey("version"));
        await GatewayRoutingTests.AssertProblemAsync(unmatched, HttpStatusCode.NotFound, "route_not_found");
    }

    [Fact]
    public async Task A_misspelt_transform_key_stops_start_up_with_one_line_naming_the_key_and_the_key_meant()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("api", "http://127.0.0.1:5000")
            .Route("api", "/api/{**rest}", "api", ("Transforms:RequestHeader:Remove:0", "Cookie"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var lines = gateway.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, line => line.Contains("Gateway:Routes:api:Transforms:RequestHeader: unknown key 'RequestHeader' (did you mean 'RequestHeaders'?)", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transform_of_an_identity_header_stops_start_up_with_one_line_naming_the_key()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("api", "http://127.0.0.1:5000")
            .Route("api", "/api/{**rest}", "api", ("Transforms:RequestHeaders:Set:X-Gateway-Tenant", "evil-corp"), ("Transforms:ClaimHeaders:X-Tenant-Id", "tenantid"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var lines = gateway.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, line => line.Contains("Gateway:Routes:api:Transforms:RequestHeaders:Set:X-Gateway-Tenant: 'X-Gateway-Tenant' is the gateway's", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("Gateway:Routes:api:Transforms:ClaimHeaders:X-Tenant-Id: 'tenantid' is not a caller claim", StringComparison.Ordinal));
        Assert.DoesNotContain("evil-corp", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
