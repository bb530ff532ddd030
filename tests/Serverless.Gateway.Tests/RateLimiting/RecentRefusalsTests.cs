using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

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
}
