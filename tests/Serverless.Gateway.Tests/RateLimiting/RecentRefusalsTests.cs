using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;

namespace Serverless.Gateway.Tests.RateLimiting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RecentRefusalsTests(AzuriteFixture azurite)
{
    private const int FirstRefusalEventId = 2206;

    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_flood_of_refusals_is_written_as_one_summary_per_route_limit_and_minute_with_the_last_explanation()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("limited", "/limited/{**rest}", "b", ("AuthPolicy", "keys"), ("RateLimitPolicy", "plan"))
            .Set("Auth:ApiKeys:Table", "RefusalKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", "Refusals" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:two:Limit", "2")
            .Set("RateLimiting:Policies:two:Window", "00:01:00")
            .Set("RateLimiting:Plans:capped:RateLimitPolicy", "two")
            .Set("Logging:LogLevel:Default", "Information")
            .Build(), configure: builder => builder.Logging.AddProvider(_logs));
        var issued = await gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("contoso", "capped", [], null, null, CancellationToken.None);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/limited/a");
            request.Headers.Add(IdentityHeaders.ApiKey, issued.Key);
            statuses.Add((await gateway.Client.SendAsync(request)).StatusCode);
        }

        var flushed = await gateway.Services.GetRequiredService<RefusalFlushService>().FlushAsync(CancellationToken.None);
        var reader = gateway.Services.GetRequiredService<IRecentRefusalsReader>();
        var refusals = await reader.ReadAsync("contoso", CancellationToken.None);

        Assert.True(flushed);
        Assert.Equal(38, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(38, refusals.Sum(refusal => refusal.Count));
        Assert.InRange(refusals.Count, 1, 2);
        var instance = gateway.Services.GetRequiredService<IRateLimitSynchronizer>().InstanceId;
        Assert.All(refusals, refusal => Assert.Equal(
            ("limited", "rate_limited", "two", QuotaPeriod.None, TimeSpan.FromMinutes(1), 2L, 2L, 2L, true, instance),
            (refusal.Route, refusal.Code, refusal.Policy, refusal.Period, refusal.Window, refusal.Limit, refusal.Allowance, refusal.Admitted, refusal.IsSynced, refusal.Instance)));
        Assert.Equal(refusals.Count, _logs.WithEventId(FirstRefusalEventId).Count);
        Assert.Empty(await reader.ReadAsync("contoso2", CancellationToken.None));
    }

    [Fact]
    public async Task Refusals_written_again_in_the_same_minute_update_their_summary_instead_of_adding_rows()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("limited", "/limited/{**rest}", "b", ("AuthPolicy", "keys"))
            .Set("Auth:ApiKeys:Table", "RefusalKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:keys:Require", "ApiKey")
            .Set("RateLimiting:Table", "Refusals" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Plans:daily:DailyQuota", "1")
            .Build());
        var issued = await gateway.Services.GetRequiredService<ApiKeyManager>().CreateAsync("fabrikam", "daily", [], null, null, CancellationToken.None);
        var flusher = gateway.Services.GetRequiredService<RefusalFlushService>();
        async Task SendAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/limited/a");
                request.Headers.Add(IdentityHeaders.ApiKey, issued.Key);
                await gateway.Client.SendAsync(request);
            }
        }

        await SendAsync(4);
        Assert.True(await flusher.FlushAsync(CancellationToken.None));
        await SendAsync(3);
        Assert.True(await flusher.FlushAsync(CancellationToken.None));
        var refusals = await gateway.Services.GetRequiredService<IRecentRefusalsReader>().ReadAsync("fabrikam", CancellationToken.None);

        Assert.Equal(6, refusals.Sum(refusal => refusal.Count));
        Assert.InRange(refusals.Count, 1, 2);
        Assert.All(refusals, refusal => Assert.Equal(
            ("quota_exceeded", "daily", QuotaPeriod.Day, TimeSpan.FromDays(1), 1L, 1L),
            (refusal.Code, refusal.Policy, refusal.Period, refusal.Window, refusal.Limit, refusal.Admitted)));
    }

    [Fact]
    public async Task Refusals_are_recorded_without_storage_and_kept_while_writing_them_fails()
    {
        // Nothing listens on the port: every storage call fails to connect, as when the account is unreachable.
        var port = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            ["RateLimiting:Policies:two:Limit"] = "2",
            ["RateLimiting:Policies:two:Window"] = "00:01:00",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(_logs));
        services.AddGatewayRateLimiting();
        await using var provider = services.BuildServiceProvider();
        var recorder = provider.GetRequiredService<RefusalRecorder>();
        var flusher = provider.GetRequiredService<RefusalFlushService>();
        var explanation = new RefusalExplanation("rate_limited", "two", QuotaPeriod.None, TimeSpan.FromMinutes(1), 2, 2, 2, IsSynced: false);

        for (var i = 0; i < 1000; i++)
        {
            recorder.Record("contoso", "orders", explanation);
        }

        Assert.False(await flusher.FlushAsync(CancellationToken.None));
        Assert.False(await flusher.FlushAsync(CancellationToken.None));
        var kept = Assert.Single(recorder.Unwritten());
        Assert.Equal((1000L, explanation), (kept.Count, kept.Last));
        Assert.Single(_logs.WithEventId(2207));
    }
}
