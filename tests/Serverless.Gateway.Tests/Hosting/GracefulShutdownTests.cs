using System.Net;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class GracefulShutdownTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sigterm_lets_in_flight_requests_finish_refuses_new_ones_and_exits_zero()
    {
        var release = new TaskCompletionSource();
        await using var backend = await BackendServer.StartAsync("slow", async context =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.WriteAsync("finished");
        });
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new GatewaySettings()
            .Backend("b", backend.Address)
            .Route("b", "/{**rest}", "b")
            .Set("AzureWebJobsStorage", azurite.ConnectionString)
            .Set("HeartbeatSchedule", "0 0 0 1 1 *")
            .Set("Hosting:DrainTimeout", "00:00:20")
            .Build());
        await gateway.WaitUntilListeningAsync();

        var inFlight = gateway.Client.GetAsync("/work");
        await Eventually.TrueAsync(() => backend.RequestCount == 1);
        gateway.SendSigterm();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var fresh = new HttpClient(new SocketsHttpHandler { UseProxy = false });
                await fresh.GetAsync(new Uri(new Uri(gateway.Address), "/healthz"));
                return false;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }, because: "New connections were still accepted after SIGTERM.");
        release.SetResult();

        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("finished", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
