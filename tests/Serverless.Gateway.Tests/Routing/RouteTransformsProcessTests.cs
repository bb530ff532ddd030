using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Samples;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>Query matching and transforms in the gateway as a real process: what the backend and the client see, and a bad transform stopping start-up.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RouteTransformsProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_request_through_the_gateway_process_shows_its_header_and_query_transforms_in_the_echo_report()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var echo = await DemoBackend.StartAsync("echo-1", 0, timeout.Token);
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("echo", echo.Address.ToString().TrimEnd('/'))
            .Route("echo", "/echo/{**rest}", "echo",
                ("RewritePath", "/echo/{**rest}"),
                ("Transforms:RequestHeaders:Set:X-Demo-Env", "local"),
                ("Transforms:Query:Set:api-version", "2024-01-01"),
                ("Transforms:Query:Remove:0", "debug"),
                ("Transforms:ResponseHeaders:Set:Cache-Control", "no-store"))
            .Route("echo-beta", "/echo/{**rest}", "echo",
                ("RewritePath", "/echo/{**rest}"),
                ("QueryParameters:0:Name", "channel"),
                ("QueryParameters:0:Values:0", "beta"),
                ("Transforms:RequestHeaders:Set:X-Demo-Channel", "beta"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build());
        await gateway.WaitUntilListeningAsync();

        var (response, report) = await EchoAsync(gateway, "/echo/hello?from=test&debug=1", timeout.Token);
        var (_, beta) = await EchoAsync(gateway, "/echo/hello?channel=BETA", timeout.Token);

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("/echo/hello", report.GetProperty("path").GetString());
        Assert.Equal("local", Header(report, "X-Demo-Env"));
        Assert.Null(Header(report, "X-Demo-Channel"));
        var query = QueryHelpers.ParseQuery(report.GetProperty("query").GetString());
        Assert.Equal("2024-01-01", query["api-version"]);
        Assert.Equal("test", query["from"]);
        Assert.False(query.ContainsKey("debug"));
        Assert.Equal("beta", Header(beta, "X-Demo-Channel"));
        Assert.Null(Header(beta, "X-Demo-Env"));
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

    private static async Task<(HttpResponseMessage Response, JsonElement Report)> EchoAsync(AppChildProcess gateway, string path, CancellationToken cancellationToken)
    {
        var response = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
    }

    private static string? Header(JsonElement report, string name) =>
        report.GetProperty("headers").EnumerateObject().FirstOrDefault(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value
            is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
