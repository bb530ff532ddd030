using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Mirroring;

/// <summary>A mirrored route on the gateway as a real process, configured as an operator would.</summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class MirrorProcessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BackendServer _primary = null!;
    private BackendServer _shadow = null!;

    public async Task InitializeAsync()
    {
        _primary = await BackendServer.StartAsync("primary");
        _shadow = await BackendServer.StartAsync("shadow", async context =>
        {
            await _release.Task;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        });
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _shadow.DisposeAsync();
        await _primary.DisposeAsync();
    }

    private GatewaySettings Settings(params (string Key, string Value)[] route) => new GatewaySettings()
        .Backend("primary", _primary.Address)
        .Backend("shadow", _shadow.Address)
        .Route("api", "/api/{**rest}", "primary", route)
        .Set("AzureWebJobsStorage", azurite.ConnectionString)
        .Set("HeartbeatSchedule", "0 0 0 1 1 *");

    [Fact]
    public async Task Callers_get_every_primary_answer_while_a_hanging_shadow_holds_all_its_copies()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, Settings(("Mirror:Backend", "shadow"), ("Mirror:MaxConcurrency", "2")).Build());
        await gateway.WaitUntilListeningAsync();

        for (var i = 0; i < 4; i++)
        {
            var response = await gateway.Client.GetAsync($"/api/orders/{i}?page=1");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("primary", response.Headers.GetValues("X-Served-By").Single());
            Assert.Contains($"/api/orders/{i}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Eventually.TrueAsync(() => _shadow.RequestCount == 2);
        Assert.False(_release.Task.IsCompleted);
        Assert.Equal(4, _primary.RequestCount);
        Assert.Contains(_shadow.Requests, copy => copy is { Method: "GET", Path: "/api/orders/0", QueryString: "?page=1" });
        _release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/api/after")).StatusCode);
    }

    [Fact]
    public async Task A_misspelt_mirror_key_stops_start_up_with_one_line_naming_the_key_and_the_key_meant()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, Settings(("Mirror:Backend", "shadow"), ("Mirror:Percnt", "5")).Build());

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Gateway:Routes:api:Mirror:Percnt: unknown key 'Percnt' (did you mean 'Percent'?)", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
