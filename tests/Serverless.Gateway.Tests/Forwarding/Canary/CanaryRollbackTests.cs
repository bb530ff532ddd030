using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

/// <summary>
/// Rollback over a window of an hour, so every request of a test falls in it: the decision depends on request counts
/// and outcomes only, never on timing.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class CanaryRollbackTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestIdentityProvider _identityProvider = null!;

    public async Task InitializeAsync() => _identityProvider = await TestIdentityProvider.StartAsync();

    public async Task DisposeAsync() => await _identityProvider.DisposeAsync();

    [Fact]
    public async Task A_canary_answering_500s_is_rolled_back_its_traffic_goes_to_stable_and_readiness_says_so()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(stable, canary);
        using var rollbacks = new RollbackMetricRecorder("catalog", "canary");

        await SendPinnedAsync(gateway, "stable", 20);
        await SendPinnedAsync(gateway, "canary", 20);
        var canaryCalls = canary.RequestCount;
        var afterRollback = await SendPinnedAsync(gateway, "canary", 10);
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.Equal(20, canaryCalls);
        Assert.Equal(20, canary.RequestCount);
        Assert.Equal(1, rollbacks.Count);
        Assert.All(afterRollback, servedBy => Assert.Equal("stable", servedBy));
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var check = ready.GetProperty("checks").GetProperty("canary");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Equal("canary", check.GetProperty("data").GetProperty("catalog").GetString());
        Assert.Contains("Backend 'catalog': canary group 'canary' rolled back to 'stable'", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_of_the_backends_configuration_ends_a_rollback()
    {
        var configFile = Path.Combine(Path.GetTempPath(), $"gateway-canary-{Guid.NewGuid():N}.json");
        File.WriteAllText(configFile, MinimumRequestsFile(20));
        try
        {
            await using var stable = await BackendServer.StartAsync("stable");
            await using var canary = await BackendServer.StartAsync("canary", static context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            });
            await using var gateway = await GatewayTestServer.StartAsync(azurite, RollbackSettings(stable, canary, minimumRequests: null), configFile);
            await SendPinnedAsync(gateway, "stable", 20);
            await SendPinnedAsync(gateway, "canary", 20);
            Assert.Equal(["stable"], await SendPinnedAsync(gateway, "canary", 1));

            File.WriteAllText(configFile, MinimumRequestsFile(21));

            await Eventually.TrueAsync(async () => (await SendPinnedAsync(gateway, "canary", 1))[0] == "canary", because: "the changed backend starts a fresh split");
            var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("canary").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    [Fact]
    public async Task Two_groups_that_both_behave_are_never_rolled_back()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary");
        await using var gateway = await StartAsync(stable, canary);

        await SendPinnedAsync(gateway, "stable", 40);
        var served = await SendPinnedAsync(gateway, "canary", 40);
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.All(served, servedBy => Assert.Equal("canary", servedBy));
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("canary").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_canary_failing_no_more_than_stable_within_the_margin_is_not_rolled_back()
    {
        var calls = 0;
        RequestDelegate sometimesFailing = context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref calls) % 10 == 0 ? 500 : 200;
            return Task.CompletedTask;
        };
        await using var stable = await BackendServer.StartAsync("stable", sometimesFailing);
        await using var canary = await BackendServer.StartAsync("canary", sometimesFailing);
        await using var gateway = await StartAsync(stable, canary);

        await SendPinnedAsync(gateway, "stable", 40);
        await SendPinnedAsync(gateway, "canary", 40);
        var served = await SendPinnedAsync(gateway, "canary", 5);

        Assert.All(served, servedBy => Assert.Equal("canary", servedBy));
    }

    [Fact]
    public async Task A_canary_much_slower_than_stable_at_the_95th_percentile_is_rolled_back()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary", static context => Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new GatewaySettings()
            .Set("Gateway:Backends:catalog:Split:Rollback:P95Margin", "00:00:00.100")
            .Set("Gateway:Backends:catalog:Split:Rollback:MinimumRequests", "4")
            .Build()
            .Concat(RollbackSettings(stable, canary, minimumRequests: null))
            .ToDictionary(StringComparer.OrdinalIgnoreCase));

        await SendPinnedAsync(gateway, "stable", 4);

        // The p95 is compared on every 16th request once both groups have their minimum.
        await SendPinnedAsync(gateway, "canary", 20);

        Assert.Equal(["stable"], await SendPinnedAsync(gateway, "canary", 1));
        var ready = await gateway.Client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Contains("p95 latency", ready.GetProperty("checks").GetProperty("canary").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_few_requests_never_roll_back_even_when_every_one_fails()
    {
        await using var stable = await BackendServer.StartAsync("stable");
        await using var canary = await BackendServer.StartAsync("canary", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var gateway = await StartAsync(stable, canary);

        await SendPinnedAsync(gateway, "stable", 19);
        await SendPinnedAsync(gateway, "canary", 30);

        Assert.Equal(30, canary.RequestCount);
    }

    private async Task<GatewayTestServer> StartAsync(BackendServer stable, BackendServer canary) =>
        await GatewayTestServer.StartAsync(azurite, RollbackSettings(stable, canary, minimumRequests: 20));

    private IReadOnlyDictionary<string, string?> RollbackSettings(BackendServer stable, BackendServer canary, int? minimumRequests)
    {
        var settings = SplitGateway.Settings(stable, canary, _identityProvider)
            .Set("Gateway:Backends:catalog:Resilience:CircuitBreaker:Enabled", "false")
            .Set("Gateway:Backends:catalog:Resilience:Retry:MaxRetries", "0")
            .Set("Gateway:Backends:catalog:Split:Rollback:Enabled", "true")
            .Set("Gateway:Backends:catalog:Split:Rollback:Group", "canary")
            .Set("Gateway:Backends:catalog:Split:Rollback:Against", "stable")
            .Set("Gateway:Backends:catalog:Split:Rollback:Window", "01:00:00")
            .Set("Gateway:Backends:catalog:Split:Rollback:ErrorRatioMargin", "0.05");
        if (minimumRequests is { } minimum)
        {
            settings.Set("Gateway:Backends:catalog:Split:Rollback:MinimumRequests", minimum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return settings.Build();
    }

    /// <summary>A reloadable configuration file holding only the rollback's minimum; the command line holds the rest.</summary>
    private static string MinimumRequestsFile(int minimumRequests) =>
        $$"""{ "Gateway": { "Backends": { "catalog": { "Split": { "Rollback": { "MinimumRequests": {{minimumRequests}} } } } } } }""";

    private static async Task<List<string>> SendPinnedAsync(GatewayTestServer gateway, string group, int count)
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
