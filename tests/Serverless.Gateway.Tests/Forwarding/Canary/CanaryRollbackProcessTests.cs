using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

/// <summary>
/// Rollback on the gateway as a real process, over a window of an hour so that only request counts and outcomes decide:
/// a failing canary is rolled back, a behaving one is not.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CanaryRollbackProcessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestIdentityProvider _identityProvider = null!;

    public async Task InitializeAsync() => _identityProvider = await TestIdentityProvider.StartAsync();

    public async Task DisposeAsync() => await _identityProvider.DisposeAsync();

    [Fact]
    public async Task The_gateway_process_rolls_back_a_canary_answering_500s_and_readiness_names_it()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(stable, canary);

        await SendPinnedAsync(gateway, "stable", 20);
        await SendPinnedAsync(gateway, "canary", 20);
        var afterRollback = await SendPinnedAsync(gateway, "canary", 10);
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.Equal(20, canary.RequestCount);
        Assert.All(afterRollback, servedBy => Assert.Equal("stable", servedBy));
        Assert.Equal("canary", ready.GetProperty("checks").GetProperty("canary").GetProperty("data").GetProperty("catalog").GetString());
    }

    [Fact]
    public async Task The_gateway_process_keeps_a_canary_that_behaves_as_well_as_stable()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary");
        await using var gateway = await StartAsync(stable, canary);

        await SendPinnedAsync(gateway, "stable", 20);
        var served = await SendPinnedAsync(gateway, "canary", 40);
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.All(served, servedBy => Assert.Equal("canary", servedBy));
        Assert.Equal(40, canary.RequestCount);
        Assert.NotEqual("Degraded", ready.GetProperty("checks").GetProperty("canary").GetProperty("status").GetString());
    }

    private async Task<AppChildProcess> StartAsync(BackendServer stable, BackendServer canary)
    {
        var settings = SplitGateway.Settings(stable, canary, _identityProvider)
            .Set("Gateway:Backends:catalog:Resilience:CircuitBreaker:Enabled", "false")
            .Set("Gateway:Backends:catalog:Resilience:Retry:MaxRetries", "0")
            .Set("Gateway:Backends:catalog:Split:Rollback:Enabled", "true")
            .Set("Gateway:Backends:catalog:Split:Rollback:Group", "canary")
            .Set("Gateway:Backends:catalog:Split:Rollback:Against", "stable")
            .Set("Gateway:Backends:catalog:Split:Rollback:Window", "01:00:00")
            .Set("Gateway:Backends:catalog:Split:Rollback:ErrorRatioMargin", "0.05")
            .Set("Gateway:Backends:catalog:Split:Rollback:MinimumRequests", "20")
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build();
        var gateway = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await gateway.WaitUntilListeningAsync();
        return gateway;
    }

    private static async Task<List<string>> SendPinnedAsync(AppChildProcess gateway, string group, int count)
    {
        var servedBy = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/public/items");
            request.Headers.Add("X-Backend-Group", group);
            using var response = await gateway.Client.SendAsync(request);
            servedBy.Add(SplitGateway.ServedBy(response));
        }

        return servedBy;
    }
}
