using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Telemetry;

/// <summary>The access log as an operator reads it: the gateway process's console output.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed partial class AccessLogProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_console_access_log_line_of_a_throttled_request_explains_the_refusal()
    {
        var storage = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Auth:ApiKeys:Table"] = "ProcessKeys" + Guid.NewGuid().ToString("N")[..8],
            ["RateLimiting:Table"] = "ProcessLimits" + Guid.NewGuid().ToString("N")[..8],
            ["RateLimiting:Policies:demo:Limit"] = "2",
            ["RateLimiting:Policies:demo:Window"] = "00:01:00",
            ["RateLimiting:Plans:demo:RateLimitPolicy"] = "demo",
        };
        using var cliOutput = new StringWriter();
        Assert.Equal(0, await GatewayCli.RunAsync(["keys", "create", "--tenant", "contoso", "--plan", "demo"], cliOutput, cliOutput, storage));
        var key = KeyPattern().Match(cliOutput.ToString()).Value;
        await using var backend = await BackendServer.StartAsync("catalog");
        var settings = new GatewaySettings()
            .Backend("catalog", backend.Address)
            .Route("secure-catalog", "/secure/catalog/{**rest}", "catalog", ("AuthPolicy", "keys"), ("RateLimitPolicy", "plan"), ("AccessLog", "true"))
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("HeartbeatSchedule", "0 0 0 1 1 *");
        foreach (var (name, value) in storage)
        {
            settings.Set(name, value);
        }

        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, settings.Build());
        await gateway.WaitUntilListeningAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/secure/catalog/products");
            request.Headers.Add("X-Api-Key", key);
            statuses.Add((await gateway.Client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await Eventually.TrueAsync(
            () => gateway.Output.Contains("GET secure-catalog 429", StringComparison.Ordinal), because: "The throttled request's access-log line did not appear.");
        var line = gateway.Output.Split('\n').Single(text => text.Contains("GET secure-catalog 429", StringComparison.Ordinal));
        Assert.Matches(
            @"GET secure-catalog 429 in [0-9.]+ ms; tenant contoso, subject [a-z2-7]{16}, problem rate_limited: rate-limit demo allows 2 per 00:01:00; this instance's allowance 2, admitted 2, limiter synced",
            line);
        Assert.Contains("Serverless.Gateway.AccessLog[1201]", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(gateway.Output, "GET secure-catalog 200 in"));
    }

    [Fact]
    public async Task Access_log_records_reach_application_insights_although_trace_sampling_keeps_none_of_their_traces()
    {
        var ingested = new ConcurrentQueue<string>();
        await using var ingestion = await BackendServer.StartAsync("ingestion", async context =>
        {
            Stream body = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            using var reader = new StreamReader(body);
            var items = await reader.ReadToEndAsync();
            ingested.Enqueue(items);
            var count = items.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            await context.Response.WriteAsJsonAsync(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
        });
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("logged", "/logged/{**rest}", "b", ("AccessLog", "true"))
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Set("APPLICATIONINSIGHTS_CONNECTION_STRING", $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={ingestion.Address}/")
            .Set("Telemetry:SamplingRatio", "0")
            .Build());
        await gateway.WaitUntilListeningAsync();

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/logged/sampled-out")).StatusCode);

        await Eventually.TrueAsync(
            () => ingested.Any(items => items.Contains("GET logged 200", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "The access-log record of a request whose trace was not sampled never reached the ingestion endpoint.");
    }

    [GeneratedRegex("sgw_[a-z2-7]{16}_[a-z2-7]{52}")]
    private static partial Regex KeyPattern();
}
