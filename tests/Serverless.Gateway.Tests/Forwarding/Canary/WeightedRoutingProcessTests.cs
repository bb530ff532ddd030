using System.Net;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

/// <summary>A 90/10 split sticky per tenant on the gateway as a real process, and two processes agreeing on every tenant's group.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class WeightedRoutingProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_gateway_processes_send_each_tenant_to_the_same_group_every_time()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary");
        await using var identityProvider = await TestIdentityProvider.StartAsync();
        var settings = SplitGateway.Settings(stable, canary, identityProvider)
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build();
        await using var first = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await using var second = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await first.WaitUntilListeningAsync();
        await second.WaitUntilListeningAsync();

        var groups = new Dictionary<string, string>();
        foreach (var gateway in new[] { first, second, first })
        {
            for (var i = 0; i < 100; i++)
            {
                using var response = await gateway.Client.SendAsync(SplitGateway.Request(identityProvider, $"tenant-{i}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var servedBy = SplitGateway.ServedBy(response);
                Assert.Equal(groups.TryAdd($"tenant-{i}", servedBy) ? servedBy : groups[$"tenant-{i}"], servedBy);
            }
        }

        Assert.InRange(groups.Values.Count(group => group == "canary"), 3, 20);
    }
}
