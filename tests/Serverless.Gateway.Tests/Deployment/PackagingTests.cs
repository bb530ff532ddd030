using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// What azd deploys: the output of <c>dotnet publish functions/Serverless.Gateway</c>, zipped as it is. It must be a
/// complete custom-handler function app at its root (host.json that launches a dll that is there, one folder per
/// function with its function.json, identity-based connection names) and must not carry local.settings.json.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PackagingTests(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    private const string StorageConnection = "AzureWebJobsStorage";
    private const string ServiceBusConnection = "ServiceBusConnection";

    private static readonly JsonDocumentOptions HostJsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [Fact]
    public void Host_json_launches_a_dll_that_is_in_the_output_and_proxies_http_to_it()
    {
        var hostJson = ReadHostJson();

        Assert.Equal("2.0", (string?)hostJson["version"]);
        var customHandler = hostJson["customHandler"]!;
        Assert.True((bool?)customHandler["enableProxyingHttpRequest"], "customHandler.enableProxyingHttpRequest must be true.");
        Assert.Null(customHandler["enableForwardingHttpRequest"]);
        Assert.Equal("", (string?)hostJson["extensions"]?["http"]?["routePrefix"]);

        var description = customHandler["description"]!;
        var executable = (string?)description["defaultExecutablePath"];
        Assert.False(string.IsNullOrWhiteSpace(executable), "customHandler.description.defaultExecutablePath is missing.");
        var arguments = description["arguments"]?.AsArray().Select(static argument => (string?)argument).ToList() ?? [];
        if (string.Equals(executable, "dotnet", StringComparison.Ordinal))
        {
            // `dotnet <app>.dll` needs the dll and its runtimeconfig.json, relative to the app's root (the working directory).
            var dll = Assert.Single(arguments, static argument => argument?.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) == true)!;
            Assert.False(Path.IsPathRooted(dll), $"'{dll}' must be relative to the app's root.");
            Assert.True(File.Exists(Path.Combine(app.OutputDirectory, dll)), $"host.json launches 'dotnet {dll}', which is not in the published output.");
            Assert.True(
                File.Exists(Path.Combine(app.OutputDirectory, Path.ChangeExtension(dll, ".runtimeconfig.json"))),
                $"'{dll}' has no runtimeconfig.json next to it, so `dotnet {dll}` cannot start.");
        }
        else
        {
            Assert.False(Path.IsPathRooted(executable), $"'{executable}' must be relative to the app's root.");
            Assert.True(File.Exists(Path.Combine(app.OutputDirectory, executable!)), $"host.json launches '{executable}', which is not in the published output.");
        }
    }

    [Fact]
    public void The_published_gateway_runs_with_workstation_garbage_collection()
    {
        // Server GC keeps a heap and a GC thread per core: on the one or two cores of a serverless instance it costs CPU on
        // every request and memory, and the SDK's property for it is easy to misspell into a setting that does nothing.
        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, "Serverless.Gateway.runtimeconfig.json")))!;

        Assert.False((bool?)runtimeConfig["runtimeOptions"]?["configProperties"]?["System.GC.Server"]);
    }

    [Fact]
    public void Host_json_loads_the_extension_bundle_the_queue_timer_and_service_bus_bindings_need()
    {
        var bundle = ReadHostJson()["extensionBundle"]!;

        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", (string?)bundle["id"]);
        Assert.Equal("[4.*, 5.0.0)", (string?)bundle["version"]);
    }

    [Fact]
    public void Every_function_in_the_catalog_has_its_folder_with_the_function_json_the_code_declares()
    {
        foreach (var function in GatewayFunctionCatalog.Default.Functions)
        {
            var path = Path.Combine(app.OutputDirectory, function.Name, FunctionJson.FileName);
            Assert.True(File.Exists(path), $"{function.Name}/{FunctionJson.FileName} is not in the published output.");

            var published = JsonNode.Parse(File.ReadAllText(path));
            var declared = JsonNode.Parse(FunctionJson.Serialize(function));
            Assert.True(JsonNode.DeepEquals(declared, published), $"{function.Name}/{FunctionJson.FileName} differs from the code: {published?.ToJsonString()}");

            // And the host's way of reading it gives back the function the app runs.
            Assert.Equal(function.Trigger.Type, FunctionJson.Parse(function.Name, File.ReadAllText(path)).Trigger.Type);
        }
    }

    [Fact]
    public void The_output_has_no_function_json_but_those_of_the_catalog_and_only_at_the_root()
    {
        var expected = GatewayFunctionCatalog.Default.Functions
            .Select(static function => Path.Combine(function.Name, FunctionJson.FileName))
            .Order(StringComparer.Ordinal);

        var published = Directory.EnumerateFiles(app.OutputDirectory, FunctionJson.FileName, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(app.OutputDirectory, path))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, published);
        Assert.False(Directory.Exists(Path.Combine(app.OutputDirectory, "FunctionApp")), "The FunctionApp/ folder must be flattened into the output root.");
    }

    [Fact]
    public void Every_connection_names_an_identity_based_setting_storage_or_service_bus()
    {
        var connections = PublishedBindings()
            .Where(static binding => binding.Binding["connection"] is not null)
            .ToList();

        Assert.Contains(connections, static binding => IsStorage((string)binding.Binding["type"]!));
        Assert.Contains(connections, static binding => IsServiceBus((string)binding.Binding["type"]!));
        foreach (var (function, binding) in connections)
        {
            var type = (string)binding["type"]!;
            var connection = (string?)binding["connection"];
            var where = $"{function}: {type} binding '{(string?)binding["name"]}'";

            // A setting name (the host resolves <name> or <name>__serviceUri / __fullyQualifiedNamespace), never a connection string.
            Assert.False(string.IsNullOrWhiteSpace(connection), $"{where} has an empty connection.");
            Assert.True(connection.IndexOfAny(['=', ';', ' ']) < 0, $"{where} has a connection string instead of a setting name.");
            var expected = IsStorage(type) ? StorageConnection
                : IsServiceBus(type) ? ServiceBusConnection
                : throw new Xunit.Sdk.XunitException($"{where}: no known connection for bindings of type '{type}'; add it to this test.");
            Assert.True(string.Equals(expected, connection, StringComparison.Ordinal), $"{where} uses connection '{connection}', expected '{expected}'.");
        }
    }

    [Fact]
    public void The_catch_all_http_function_is_exactly_an_anonymous_http_trigger_in_and_http_out()
    {
        var http = PublishedBindings()
            .Where(static binding => string.Equals((string?)binding.Binding["type"], FunctionBinding.HttpTriggerType, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var function = Assert.Single(http).Function;
        Assert.Equal(GatewayHttpFunction.Name, function);

        var bindings = JsonNode.Parse(File.ReadAllText(Path.Combine(app.OutputDirectory, function, FunctionJson.FileName)))!["bindings"]!.AsArray();
        Assert.Equal(2, bindings.Count);

        var trigger = Assert.Single(bindings, static binding => (string?)binding!["type"] == FunctionBinding.HttpTriggerType)!;
        Assert.Equal("in", (string?)trigger["direction"]);
        Assert.Equal("{*path}", (string?)trigger["route"]);
        Assert.Equal("anonymous", (string?)trigger["authLevel"]);
        if (trigger["methods"] is JsonArray methods)
        {
            // No 'methods' means every method; a list must still hold every method a client may send.
            var listed = methods.Select(static method => ((string?)method)?.ToUpperInvariant()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }, listed);
        }

        var output = Assert.Single(bindings, static binding => (string?)binding!["type"] == FunctionBinding.HttpType)!;
        Assert.Equal("out", (string?)output["direction"]);
    }

    [Fact]
    public void The_output_carries_no_local_settings()
    {
        Assert.DoesNotContain(
            Directory.EnumerateFiles(app.OutputDirectory, "*", SearchOption.AllDirectories),
            static path => string.Equals(Path.GetFileName(path), "local.settings.json", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_project_never_publishes_a_local_settings_json_even_when_one_exists()
    {
        // The output check above passes vacuously when no developer has a local.settings.json; this is the rule that
        // keeps it out when one does.
        var project = XDocument.Load(app.ProjectFile);

        var rules = project.Descendants()
            .Where(static item => item.Parent?.Name.LocalName == "ItemGroup" && item.Name.LocalName == "Content")
            .Where(static item => (item.Attribute("Update") ?? item.Attribute("Include"))?.Value.EndsWith("local.settings.json", StringComparison.OrdinalIgnoreCase) == true)
            .Select(static item => item.Attribute("CopyToPublishDirectory")?.Value ?? item.Elements().FirstOrDefault(static e => e.Name.LocalName == "CopyToPublishDirectory")?.Value)
            .ToList();

        Assert.Contains("Never", rules);
    }

    private JsonNode ReadHostJson()
    {
        var path = Path.Combine(app.OutputDirectory, "host.json");
        Assert.True(File.Exists(path), "host.json is not at the root of the published output.");
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: HostJsonOptions)!;
    }

    private IEnumerable<(string Function, JsonNode Binding)> PublishedBindings() =>
        Directory.EnumerateDirectories(app.OutputDirectory)
            .Where(static folder => File.Exists(Path.Combine(folder, FunctionJson.FileName)))
            .Order(StringComparer.Ordinal)
            .SelectMany(static folder => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, FunctionJson.FileName)))!["bindings"]!.AsArray()
                .Select(binding => (Path.GetFileName(folder), binding!)));

    private static bool IsStorage(string type) =>
        type.ToUpperInvariant() is "QUEUE" or "QUEUETRIGGER" or "BLOB" or "BLOBTRIGGER" or "BLOBINPUT" or "TABLE";

    private static bool IsServiceBus(string type) =>
        type.ToUpperInvariant() is "SERVICEBUS" or "SERVICEBUSTRIGGER";
}
