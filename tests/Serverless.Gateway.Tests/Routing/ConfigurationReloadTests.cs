using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Routing;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ConfigurationReloadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"gateway-{Guid.NewGuid():N}.json");
    private BackendServer _one = null!;
    private BackendServer _two = null!;

    public async Task InitializeAsync()
    {
        _one = await BackendServer.StartAsync("one", async context =>
        {
            if (context.Request.Path.StartsWithSegments("/slow"))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
            }

            await context.Response.WriteAsync("one");
        });
        _two = await BackendServer.StartAsync("two", context => context.Response.WriteAsync("two"));
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        File.Delete(_configFile);
    }

    [Fact]
    public async Task A_changed_configuration_file_is_applied_without_a_restart_and_in_flight_requests_finish()
    {
        await WriteConfigAsync(Config("/old/{**rest}", "one"));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>(), _configFile);
        Assert.Equal("one", await gateway.Client.GetStringAsync("/old/x"));

        var inFlight = gateway.Client.GetAsync("/old/slow");
        await Eventually.TrueAsync(() => _one.Requests.Any(r => r.Path == "/old/slow"));
        await WriteConfigAsync(Config("/new/{**rest}", "two"));

        await Eventually.TrueAsync(async () => (await gateway.Client.GetAsync("/new/x")).StatusCode == HttpStatusCode.OK);
        Assert.Equal("two", await gateway.Client.GetStringAsync("/new/x"));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/old/x")).StatusCode);
        var finished = await inFlight;
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("one", await finished.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invalid_change_is_rejected_and_reported_while_the_last_good_configuration_keeps_serving()
    {
        await WriteConfigAsync(Config("/stable/{**rest}", "one"));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>(), _configFile);

        var broken = Config("/stable/{**rest}", "missing-backend");
        await WriteConfigAsync(broken);

        await Eventually.TrueAsync(async () =>
        {
            var ready = JsonSerializer.Deserialize<JsonElement>(await ReadinessAsync(gateway));
            return ready.GetProperty("checks").GetProperty("configuration").GetProperty("status").GetString() == "Degraded";
        });
        var readiness = JsonSerializer.Deserialize<JsonElement>(await ReadinessAsync(gateway));
        Assert.Contains(
            "Gateway:Routes:main:Backend: backend 'missing-backend' is not defined",
            readiness.GetProperty("checks").GetProperty("configuration").GetProperty("description").GetString(),
            StringComparison.Ordinal);
        Assert.Equal("one", await gateway.Client.GetStringAsync("/stable/x"));

        await WriteConfigAsync(Config("/stable/{**rest}", "two"));
        await Eventually.TrueAsync(async () => await gateway.Client.GetStringAsync("/stable/x") == "two");
    }

    [Fact]
    public async Task A_syntactically_broken_value_is_rejected_naming_its_key()
    {
        await WriteConfigAsync(Config("/stable/{**rest}", "one"));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>(), _configFile);

        var broken = Config("/stable/{**rest}", "one");
        broken["Gateway"]!["Routes"]!["main"]!["Timeout"] = "soon";
        await WriteConfigAsync(broken);

        var last = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                last = await ReadinessAsync(gateway);
                return last.Contains("Gateway:Routes:main:Timeout", StringComparison.Ordinal);
            },
            timeout: null,
            because: () => "The rejection was not reported on /readyz; last answer: " + last);
        Assert.Equal("one", await gateway.Client.GetStringAsync("/stable/x"));
    }

    [Theory]
    [InlineData("{\n  \"Gateway\": {\n    \"Routes\": { \"main\": { \"Path\": \"/stable/{**rest}\", \"Backend\": \"two\" }, }\n    \"Backends\": {}\n}\n", 4, 5)]
    [InlineData("", 1, 1)]
    public async Task A_file_that_is_not_json_is_rejected_naming_its_line_and_column_while_the_last_good_configuration_keeps_serving(
        string text, int line, int column)
    {
        await WriteConfigAsync(Config("/stable/{**rest}", "one"));
        await using var gateway = await GatewayTestServer.StartAsync(azurite, new Dictionary<string, string?>(), _configFile);

        var temp = _configFile + ".tmp";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, _configFile, overwrite: true);

        var last = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                last = await ReadinessAsync(gateway);
                return last.Contains("Degraded", StringComparison.Ordinal);
            },
            timeout: null,
            because: () => "The broken file was not reported on /readyz; last answer: " + last);
        var readiness = JsonDocument.Parse(last).RootElement.GetProperty("checks").GetProperty("configuration");
        Assert.Contains($"{_configFile}:{line}:{column}: ", readiness.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("one", await gateway.Client.GetStringAsync("/stable/x"));

        await WriteConfigAsync(Config("/stable/{**rest}", "two"));
        await Eventually.TrueAsync(async () => await gateway.Client.GetStringAsync("/stable/x") == "two");
        await Eventually.TrueAsync(async () => !(await ReadinessAsync(gateway)).Contains("Degraded", StringComparison.Ordinal));
    }

    /// <summary>
    /// The readiness report, whatever its status code. These tests read the configuration's entry in it; the storage
    /// probe's entry can make the whole report 503 (Azurite not answering within its timeout on a busy machine), which
    /// says nothing about the configuration.
    /// </summary>
    private static async Task<string> ReadinessAsync(GatewayTestServer gateway)
    {
        using var response = await gateway.Client.GetAsync("/readyz");
        return await response.Content.ReadAsStringAsync();
    }

    private JsonObject Config(string path, string backend) => new()
    {
        ["Gateway"] = new JsonObject
        {
            ["Routes"] = new JsonObject { ["main"] = new JsonObject { ["Path"] = path, ["Backend"] = backend } },
            ["Backends"] = new JsonObject
            {
                ["one"] = new JsonObject { ["Destinations"] = new JsonObject { ["d"] = _one.Address } },
                ["two"] = new JsonObject { ["Destinations"] = new JsonObject { ["d"] = _two.Address } },
            },
        },
    };

    private async Task WriteConfigAsync(JsonObject config)
    {
        // Write then rename, as editors do, so the watcher never reads a half-written file.
        var temp = _configFile + ".tmp";
        await File.WriteAllTextAsync(temp, config.ToJsonString());
        File.Move(temp, _configFile, overwrite: true);
    }
}
