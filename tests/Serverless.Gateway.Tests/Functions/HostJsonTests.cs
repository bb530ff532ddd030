using System.Text.Json;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Functions;

/// <summary>host.json is what the Functions host reads to launch and talk to the app, and what the standalone runtime reads for queue settings.</summary>
[Trait("Category", "Integration")]
public sealed class HostJsonTests
{
    private static readonly string OutputPath = Path.Combine(AppContext.BaseDirectory, "host.json");

    private readonly JsonElement _root = JsonDocument.Parse(File.ReadAllText(OutputPath)).RootElement;

    [Fact]
    public void Output_copy_is_the_repository_root_host_json()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")), File.ReadAllText(OutputPath));
    }

    [Fact]
    public void Host_launches_the_app_as_a_custom_handler_that_is_proxied_every_request()
    {
        Assert.Equal("2.0", _root.GetProperty("version").GetString());
        var handler = _root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.False(handler.TryGetProperty("enableForwardingHttpRequest", out _));
        Assert.Equal("dotnet", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("", _root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Executable_named_by_host_json_exists_next_to_it()
    {
        var arguments = _root.GetProperty("customHandler").GetProperty("description").GetProperty("arguments");

        var dll = Assert.Single(arguments.EnumerateArray()).GetString()!;

        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, dll)), $"{dll} is not next to host.json.");
    }

    [Fact]
    public void Extension_bundle_is_version_4()
    {
        var bundle = _root.GetProperty("extensionBundle");

        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
    }

    [Fact]
    public void Queue_settings_poison_after_five_deliveries()
    {
        var queues = _root.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.True(TimeSpan.TryParse(queues.GetProperty("visibilityTimeout").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.True(TimeSpan.TryParse(queues.GetProperty("maxPollingInterval").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.InRange(queues.GetProperty("batchSize").GetInt32(), 1, 32);
    }
}
