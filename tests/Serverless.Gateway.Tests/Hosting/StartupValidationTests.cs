using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class StartupValidationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_every_bad_key_named_and_no_stack_trace()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
            ["Gateway:Routes:orders:Path"] = "orders/{id",
            ["Gateway:Routes:orders:Backend"] = "ordres",
            ["Gateway:Routes:orders:Methods:0"] = "FETCH",
            ["Gateway:Backends:orders:Destinations:a"] = "ftp://10.0.0.1",
            ["Gateway:Backends:orders:LoadBalancing"] = "Fastest",
        });

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var output = gateway.Output;
        Assert.Contains("Gateway:Routes:orders:Path", output, StringComparison.Ordinal);
        Assert.Contains("Gateway:Routes:orders:Backend: backend 'ordres' is not defined (defined: orders)", output, StringComparison.Ordinal);
        Assert.Contains("Gateway:Routes:orders:Methods:0: 'FETCH' is not an HTTP method", output, StringComparison.Ordinal);
        Assert.Contains("Gateway:Backends:orders:Destinations:a", output, StringComparison.Ordinal);
        Assert.Contains("Gateway:Backends:orders:LoadBalancing: 'Fastest'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
