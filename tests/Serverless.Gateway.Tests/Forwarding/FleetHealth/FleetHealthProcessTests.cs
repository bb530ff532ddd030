using System.Net;
using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

/// <summary>
/// Three real gateway processes on one Azurite, one backend with destinations x and y: x dies while only the first
/// gateway sends it traffic, and every gateway, the two idle ones included, takes it out of rotation; when x comes back
/// on the same port, every gateway puts it back. Out because of traffic, x goes back on trial after the break duration;
/// at 15 s that is far longer than the checks made while it is out take, even on a busy machine (at 3 s a verdict read
/// could already see the trial).
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class FleetHealthProcessTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_destination_killed_behind_one_gateway_leaves_the_rotation_on_all_of_them_and_returns_when_it_recovers()
    {
        var xPort = LoopbackPorts.Free();
        var x = await BackendServer.StartAsync("x", port: xPort);
        await using var y = await BackendServer.StartAsync("y");
        var settings = new GatewaySettings()
            .Set("Gateway:Backends:pool:Destinations:x", $"http://127.0.0.1:{xPort}")
            .Set("Gateway:Backends:pool:Destinations:y", y.Address)
            .Route("pool", "/api/{**rest}", "pool")
            .Set("Gateway:Backends:pool:LoadBalancing", "RoundRobin")
            .Set("Gateway:Backends:pool:Resilience:Retry:MaxRetries", "0")
            .Set("Gateway:Backends:pool:Resilience:CircuitBreaker:MinimumThroughput", "4")
            .Set("Gateway:Backends:pool:Resilience:CircuitBreaker:BreakDuration", "00:00:15")
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("FleetHealth:Table", "Fleet" + Guid.NewGuid().ToString("N")[..10])
            .Set("FleetHealth:SyncInterval", "00:00:00.500")
            .Set("FleetHealth:PresenceInterval", "00:00:01")
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Build();
        await using var a = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await using var b = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        await using var c = AppChildProcess.Start(AppChildProcess.Gateway, settings);
        AppChildProcess[] gateways = [a, b, c];
        await Task.WhenAll(gateways.Select(gateway => gateway.WaitUntilListeningAsync()));
        foreach (var gateway in gateways)
        {
            await Eventually.TrueAsync(async () => (await FleetAsync(gateway)).GetProperty("instances").GetInt32() == 3, Deadline, "Every gateway sees the other two.");
        }

        await x.DisposeAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                for (var i = 0; i < 4; i++)
                {
                    using var _ = await a.Client.GetAsync(new Uri("/api/items", UriKind.Relative));
                }

                return await VerdictAsync(a, "x") == "out" && await VerdictAsync(b, "x") == "out" && await VerdictAsync(c, "x") == "out";
            },
            Deadline,
            "Not every gateway took x out of rotation.");

        foreach (var idle in new[] { b, c })
        {
            for (var i = 0; i < 6; i++)
            {
                using var response = await idle.Client.GetAsync(new Uri("/api/items", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("y", Assert.Single(response.Headers.GetValues("X-Served-By")));
            }
        }

        BackendServer? revived = null;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    revived = await BackendServer.StartAsync("x", port: xPort);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            Deadline,
            "x could not listen on its port again.");
        await using var _ = revived!;

        foreach (var gateway in gateways)
        {
            await Eventually.TrueAsync(async () => await VerdictAsync(gateway, "x") != "out", Deadline, "x was not restored to rotation.");
        }

        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await b.Client.GetAsync(new Uri("/api/items", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK && response.Headers.GetValues("X-Served-By").Single() == "x";
            },
            Deadline,
            "The idle gateway never sent a request to the restored x.");
    }

    private static async Task<string?> VerdictAsync(AppChildProcess gateway, string destination) =>
        (await FleetAsync(gateway)).GetProperty($"pool/{destination}").GetProperty("verdict").GetString();

    private static async Task<JsonElement> FleetAsync(AppChildProcess gateway)
    {
        using var response = await gateway.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("checks").GetProperty("fleet-health").GetProperty("data").Clone();
    }
}
