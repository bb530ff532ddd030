using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Policies;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class MultiGatewayRateLimitTests(AzuriteFixture azurite)
{
    private const int Limit = 20;

    [Fact]
    public async Task Three_gateways_sharing_one_tenant_admit_no_more_than_the_limit_within_the_stated_bound()
    {
        await using var backend = await BackendServer.StartAsync("b");
        var settings = new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("orders", "/orders/{**rest}", "b", ("AuthPolicy", "orders"), ("RateLimitPolicy", "plan"))
            .Set("Auth:ApiKeys:Table", "MultiKeys" + Guid.NewGuid().ToString("N")[..8])
            .Set("Auth:Policies:orders:Require", "ApiKey")
            .Set("RateLimiting:Table", "MultiLimits" + Guid.NewGuid().ToString("N")[..8])
            .Set("RateLimiting:Policies:shared:Limit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("RateLimiting:Plans:shared:RateLimitPolicy", "shared")
            .Build();
        var gateways = new List<GatewayTestServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                gateways.Add(await GatewayTestServer.StartAsync(azurite, settings));
            }

            var key = await gateways[0].Services.GetRequiredService<ApiKeyManager>()
                .CreateAsync("shared-tenant", "shared", [], null, null, CancellationToken.None);
            foreach (var gateway in gateways)
            {
                gateway.Client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
            }

            var started = DateTimeOffset.UtcNow;
            var admitted = 0;
            var load = TimeSpan.FromSeconds(6);
            using var deadline = new CancellationTokenSource(load);
            // Three paced callers, one per gateway, each offering the whole limit: 3x overload.
            await Task.WhenAll(gateways.Select(async gateway =>
            {
                using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / Limit));
                while (await tick.WaitForNextTickAsync(CancellationToken.None) && !deadline.IsCancellationRequested)
                {
                    var response = await gateway.Client.GetAsync("/orders/1");
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"Unexpected {response.StatusCode}.");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref admitted);
                    }
                }
            }));
            var windows = WindowsTouched(started, DateTimeOffset.UtcNow);

            // The load was offered for `load`; requests still in flight then may end windows later on a busy machine,
            // which counts for the upper bound but offers nothing more to admit.
            var offeredWindows = WindowsTouched(started, started + load);

            Assert.Equal(admitted, backend.RequestCount);

            // docs/auth-and-rate-limits.md's bound, per window: admitted <= B + n - 1 with n instances (rounding), plus ceil(B / n) once when
            // an instance joins a key the others already hold in full. B is the limit here (no burst configured).
            var n = gateways.Count;
            var bound = (windows * (Limit + n - 1)) + ((Limit + n - 1) / n);
            Assert.InRange(admitted, Limit * (offeredWindows - 2), bound);
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    private static long WindowsTouched(DateTimeOffset from, DateTimeOffset to) => to.ToUnixTimeSeconds() - from.ToUnixTimeSeconds() + 1;
}
