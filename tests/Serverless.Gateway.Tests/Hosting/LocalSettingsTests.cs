using System.Text.Json;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class LocalSettingsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("local-settings-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Standalone_mode_reads_routes_and_storage_from_local_settings_values_as_func_start_would()
    {
        await using var backend = await BackendServer.StartAsync("from-local-settings");
        var localSettings = new
        {
            IsEncrypted = false,
            Values = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["HeartbeatSchedule"] = "0 0 0 1 1 *",
                ["Gateway__Routes__local__Path"] = "/local/{**rest}",
                ["Gateway__Routes__local__Backend"] = "local",
                ["Gateway__Backends__local__Destinations__d"] = backend.Address,
            },
        };
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "local.settings.json"), JsonSerializer.Serialize(localSettings));
        await using var gateway = AppChildProcess.Start(AppChildProcess.Gateway, new Dictionary<string, string?>(), _directory.FullName);
        await gateway.WaitUntilListeningAsync();

        var response = await gateway.Client.GetAsync("/local/hello");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/local/hello", Assert.Single(backend.Requests).Path);
    }
}
