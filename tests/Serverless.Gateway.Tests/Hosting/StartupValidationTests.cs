using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
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

    [Theory]
    [InlineData("{\n  \"Gateway\": {\n    \"Routes\": {}\n    \"Backends\": {}\n  }\n}\n", 4, 5)]
    [InlineData("", 1, 1)]
    public async Task A_configuration_file_that_is_not_json_stops_start_up_with_one_line_naming_the_file_line_and_column(string text, int line, int column)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["config"] = file,
            });

            var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exitCode);
            var output = gateway.Output;
            var reported = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{file}:{line}:{column}: ", reported, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_local_settings_file_that_is_not_json_stops_start_up_with_one_line_naming_the_file_line_and_column()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-local-settings-").FullName;
        var file = Path.Combine(directory, "local.settings.json");
        await File.WriteAllTextAsync(file, "{\n  \"Values\": {\n    \"HeartbeatSchedule\": \"0 0 0 1 1 *\"\n    \"AzureWebJobsStorage\": \"x\"\n  }\n}\n");
        try
        {
            await using var gateway = AppChildProcess.Start(
                AppChildProcess.Gateway, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }, workingDirectory: directory);

            var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exitCode);
            var reported = Assert.Single(gateway.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{file}:4:5: ", reported, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_telemetry_setting_out_of_its_range_stops_start_up_naming_the_setting_and_its_range()
    {
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["HeartbeatSchedule"] = "0 0 0 1 1 *",
            ["Telemetry:SamplingRatio"] = "2",
        });

        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Telemetry:SamplingRatio: 2 is out of range: use a share of traces from 0 to 1", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
