using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Telemetry;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Telemetry;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class AccessLogTests(AzuriteFixture azurite)
{
    private readonly CapturedLogs _logs = new();

    private static GatewaySettings Settings(string address) => new GatewaySettings()
        .Backend("b", address)
        .Route("logged", "/logged/{**rest}", "b", ("AccessLog", "true"))
        .Route("quiet", "/quiet/{**rest}", "b")
        .Route("limited", "/limited/{**rest}", "b", ("AccessLog", "true"), ("AuthPolicy", "keys"), ("RateLimitPolicy", "plan"))
        .Set("Gateway:Backends:b:Resilience:Retry:MaxRetries", "2")
        .Set("Gateway:Backends:b:Resilience:Retry:BaseDelay", "00:00:00.010")
        .Set("Gateway:Backends:b:Resilience:CircuitBreaker:Enabled", "false")
        .Set("Auth:ApiKeys:Table", "AccessKeys" + Guid.NewGuid().ToString("N")[..8])
        .Set("Auth:Policies:keys:Require", "ApiKey")
        .Set("RateLimiting:Table", "AccessLimits" + Guid.NewGuid().ToString("N")[..8])
        .Set("RateLimiting:Policies:two:Limit", "2")
        .Set("RateLimiting:Policies:two:Window", "00:01:00")
        .Set("RateLimiting:Plans:capped:RateLimitPolicy", "two")
        .Set("RateLimiting:Plans:daily:DailyQuota", "1");

    private IReadOnlyList<CapturedLog> Records => [.. _logs.Entries.Where(entry => entry.Category == AccessLog.Category)];

    /// <summary>A record is written once the pipeline returned, which can be just after the client has the response.</summary>
    private async Task<IReadOnlyList<CapturedLog>> RecordsAsync(int count)
    {
        await Eventually.TrueAsync(() => Records.Count >= count, because: $"Expected {count} access-log records.");
        return Records;
    }

    private Task<GatewayTestServer> StartAsync(string backendAddress) =>
        GatewayTestServer.StartAsync(azurite, Settings(backendAddress).Build(), configure: builder => builder.Logging.AddProvider(_logs));

    private static async Task<HttpStatusCode> SendAsync(GatewayTestServer gateway, string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(IdentityHeaders.ApiKey, apiKey);
        }

        return (await gateway.Client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_route_with_the_access_log_writes_one_record_per_request_with_status_destination_and_bytes_and_one_without_writes_none()
    {
        await using var backend = await BackendServer.StartAsync("b", async context =>
        {
            context.Response.ContentLength = 4;
            await context.Response.WriteAsync("pong");
        });
        await using var gateway = await StartAsync(backend.Address);

        var quiet = await gateway.Client.PostAsync("/quiet/items", new StringContent("hello"));
        await gateway.Client.GetAsync("/quiet/items");
        var logged = await gateway.Client.PostAsync("/logged/items", new StringContent("hello"));

        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quiet.StatusCode);
        var record = Assert.Single(await RecordsAsync(1));
        Assert.Equal((LogLevel.Information, AccessLog.ServedEventId), (record.Level, record.EventId.Id));
        Assert.Equal("POST", record.Property("Method"));
        Assert.Equal("logged", record.Property("Route"));
        Assert.Equal("200", record.Property("Status"));
        Assert.Equal("d0", record.Property("Destination"));
        Assert.Equal("0", record.Property("Retries"));
        Assert.Equal("-", record.Property("ProblemCode"));
        Assert.Equal(("5", "4"), (record.Property("BytesIn"), record.Property("BytesOut")));
        Assert.True(double.Parse(record.Property("LatencyMs")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task A_record_counts_the_retries_after_a_failing_destination()
    {
        var calls = 0;
        await using var backend = await BackendServer.StartAsync("b", context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 1 ? 503 : 200;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(backend.Address);

        var response = await gateway.Client.GetAsync("/logged/flaky");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await RecordsAsync(1));
        Assert.Equal(("200", "1", "d0"), (record.Property("Status"), record.Property("Retries"), record.Property("Destination")));
        Assert.Equal(("0", "0"), (record.Property("BytesIn"), record.Property("BytesOut")));
    }

    [Fact]
    public async Task A_refused_request_is_logged_with_its_problem_code_and_a_throttled_one_with_the_policy_window_allowance_admitted_and_limiter()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await StartAsync(backend.Address);
        var issued = await gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "capped", [], null, null, CancellationToken.None);

        var statuses = new List<HttpStatusCode> { await SendAsync(gateway, "/limited/a", null) };
        for (var i = 0; i < 3; i++)
        {
            statuses.Add(await SendAsync(gateway, "/limited/a", issued.Key));
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var records = await RecordsAsync(4);
        Assert.Equal(4, records.Count);
        var unauthenticated = Assert.Single(records, record => record.Property("Status") == "401");
        Assert.Equal(("unauthenticated", "-"), (unauthenticated.Property("ProblemCode"), unauthenticated.Property("Tenant")));
        Assert.All(
            records.Where(record => record.Property("Status") == "200"),
            admitted => Assert.Equal(("contoso", issued.Record.KeyId, "d0", "-"), (admitted.Property("Tenant"), admitted.Property("Subject"), admitted.Property("Destination"), admitted.Property("ProblemCode"))));
        var throttled = Assert.Single(records, record => record.Property("Status") == "429");
        Assert.Equal(AccessLog.ThrottledEventId, throttled.EventId.Id);
        Assert.Equal(("429", "rate_limited", "-"), (throttled.Property("Status"), throttled.Property("ProblemCode"), throttled.Property("Destination")));
        Assert.Equal(("rate-limit", "two", TimeSpan.FromMinutes(1).ToString()), (throttled.Property("LimitKind"), throttled.Property("Policy"), throttled.Property("Window")));
        Assert.Equal(("2", "2", "2", "synced"), (throttled.Property("Limit"), throttled.Property("Allowance"), throttled.Property("Admitted"), throttled.Property("Limiter")));
        Assert.Equal(("contoso", issued.Record.KeyId), (throttled.Property("Tenant"), throttled.Property("Subject")));
        Assert.Contains("rate-limit two allows 2 per 00:01:00; this instance's allowance 2, admitted 2, limiter synced", throttled.Message, StringComparison.Ordinal);

        // The Problem Details the gateway wrote say no Content-Length: counted as they passed.
        Assert.All([unauthenticated, throttled], refused => Assert.InRange(long.Parse(refused.Property("BytesOut")!, CultureInfo.InvariantCulture), 100, 2000));
    }

    [Fact]
    public async Task A_quota_refusal_is_logged_with_the_plan_and_the_period()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await StartAsync(backend.Address);
        var issued = await gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("fabrikam", "daily", [], null, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, "/limited/a", issued.Key));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(gateway, "/limited/a", issued.Key));

        var throttled = Assert.Single(await RecordsAsync(2), record => record.Property("Status") == "429");
        Assert.Equal(AccessLog.ThrottledEventId, throttled.EventId.Id);
        Assert.Equal(("quota_exceeded", "daily-quota", "daily"), (throttled.Property("ProblemCode"), throttled.Property("LimitKind"), throttled.Property("Policy")));
        Assert.Equal(("1", TimeSpan.FromDays(1).ToString(), "1", "1"), (throttled.Property("Limit"), throttled.Property("Window"), throttled.Property("Allowance"), throttled.Property("Admitted")));
    }
}
