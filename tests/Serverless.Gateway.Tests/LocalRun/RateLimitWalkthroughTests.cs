using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalRun;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>docs/getting-started.md's rate-limit walkthrough on the local run's gateway.local.json: its numbers hold on any machine, however slow.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class RateLimitWalkthroughTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_demo_plan_admits_five_requests_a_minute_so_the_walkthrough_shows_four_429s_after_five_200s()
    {
        await using var catalog = await BackendServer.StartAsync("catalog");
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new GatewaySettings()
                .Set("Gateway:Backends:catalog:Destinations:catalog-1", catalog.Address)
                .Set("Gateway:Backends:catalog:Destinations:catalog-2", catalog.Address)
                .Set("Gateway:Backends:catalog-release:Destinations:catalog-1", catalog.Address)
                .Set("Gateway:Backends:catalog-release:Destinations:catalog-2", catalog.Address)
                .Set("Auth:ApiKeys:Table", "WalkthroughKeys" + Guid.NewGuid().ToString("N")[..8])
                .Set("Functions:Triggers:Enabled", "false")
                .Build(),
            LocalRunner.GatewayConfigPath(RepositoryRoot.Find()));
        var tenant = "walkthrough-" + Guid.NewGuid().ToString("N")[..8];
        var key = (await gateway.Services.GetRequiredService<ApiKeyManager>()
            .CreateAsync(tenant, "demo", ["catalog:read"], null, null, CancellationToken.None)).Key;

        // As docs/getting-started.md does: windows are aligned to the minute, so start early enough in one for all nine requests.
        while (DateTimeOffset.UtcNow.Second > 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/secure/catalog/products");
            request.Headers.Add("X-Api-Key", key);
            statuses.Add((await gateway.Client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], statuses);
    }
}
