using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// What azd deploys for the orders service: a complete .NET isolated function app. The Functions host indexes its
/// functions from functions.metadata (worker indexing), loads the Durable Task extension named in extensions.json, and
/// starts the worker that worker.config.json describes; local settings never travel with it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OrdersPackagingTests(PublishedOrdersAppFixture app) : IClassFixture<PublishedOrdersAppFixture>
{
    [Fact]
    public void Functions_metadata_lists_the_http_functions_the_orchestrator_and_every_activity_with_their_triggers()
    {
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, "functions.metadata")))!.AsArray()
            .ToDictionary(static f => (string)f!["name"]!, static f => f!["bindings"]!.AsArray().Select(static b => (string)b!["type"]!).ToArray());

        foreach (var http in (string[])["PlaceOrder", "GetOrder", "CancelOrder", "RetryOrder"])
        {
            Assert.Equal(["httpTrigger", "durableClient", "http"], functions[http]);
        }

        Assert.Equal(["orchestrationTrigger"], functions["OrderSaga"]);
        foreach (var activity in (string[])["ReserveInventory", "ChargePayment", "CreateShipment", "ReleaseInventory", "RefundPayment", "CancelShipment", "PublishOrderEvent"])
        {
            Assert.Equal(["activityTrigger"], functions[activity]);
        }

        Assert.Equal(12, functions.Count);
    }

    [Fact]
    public void The_durable_task_extension_is_among_the_generated_extensions_and_its_assembly_is_shipped()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, "extensions.json")))!["extensions"]!.AsArray();

        var durable = Assert.Single(extensions, static e => (string?)e!["name"] == "DurableTask")!;
        var hintPath = (string)durable["hintPath"]!;
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(app.OutputDirectory, hintPath))), $"extensions.json points at '{hintPath}', which is not in the published app.");
    }

    [Fact]
    public void Worker_config_starts_the_app_as_a_dotnet_isolated_worker_from_its_own_dll()
    {
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, "worker.config.json")))!["description"]!;

        Assert.Equal("dotnet-isolated", (string?)description["language"]);
        Assert.Equal("dotnet", (string?)description["defaultExecutablePath"]);
        var worker = (string)description["defaultWorkerPath"]!;
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, worker)), $"worker.config.json starts '{worker}', which is not in the published app.");
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, Path.ChangeExtension(worker, ".runtimeconfig.json"))));
    }

    [Fact]
    public void Host_json_names_the_task_hub_the_standalone_mode_uses_and_serves_orders_without_a_route_prefix()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, "host.json")), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;

        Assert.Equal("", (string?)hostJson["extensions"]?["http"]?["routePrefix"]);
        // The standalone default (Orders:TaskHub:Name) is held to the same name by the orders tests.
        Assert.Equal("OrdersHub", (string?)hostJson["extensions"]?["durableTask"]?["hubName"]);
        Assert.Equal("NonRunningStates", (string?)hostJson["extensions"]?["durableTask"]?["overridableExistingInstanceStates"]);
    }

    [Fact]
    public void The_published_app_carries_no_local_settings()
    {
        Assert.Empty(Directory.EnumerateFiles(app.OutputDirectory, "local.settings*.json", SearchOption.AllDirectories));
    }
}
