using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Tests.Infrastructure;
using static Serverless.Gateway.Tests.Deployment.InfraSources;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// The Bicep in infra/: it builds and lints offline without errors or warnings (infra/check.sh, with the Bicep CLI
/// from NuGet), holds no shared key, connection string secret or over-broad role, and creates every queue, table,
/// topic and subscription the app's code uses.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class InfrastructureTests
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The only built-in roles the deployment may assign: data-plane roles, each scoped to one resource.</summary>
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["090c5cfd-751d-490a-894a-3ce6f1109419"] = "Azure Service Bus Data Owner",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
    };

    [Fact]
    public async Task Bicep_build_and_lint_pass_offline_without_errors_or_warnings()
    {
        var script = Path.Combine(InfraSources.Directory, "check.sh");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Find() };
        start.ArgumentList.Add(script);

        var (exitCode, output) = await ToolProcess.RunAsync(start, CheckTimeout);

        Assert.True(exitCode is not null, $"infra/check.sh did not finish within {CheckTimeout}:\n{output}");
        Assert.True(exitCode == 0, $"infra/check.sh exited with {exitCode}:\n{output}");
    }

    [Fact]
    public void No_file_in_infra_holds_or_fetches_a_key_or_a_secret_connection_string()
    {
        string[] forbidden =
        [
            "listKeys(", // storage / Service Bus keys pulled into a template
            "listConnectionStrings(",
            "listSecrets(",
            "AccountKey", // a storage connection string with a key
            "SharedAccessKey", // a Service Bus / Event Hubs SAS connection string
            "InstrumentationKey=", // the pre-connection-string App Insights setting
            "StorageAccountConnectionString", // Flex deployment storage authenticated by a connection string
            "DefaultEndpointsProtocol=",
        ];

        var findings = Files()
            .SelectMany(file => forbidden
                .Where(text => File.ReadAllText(file).Contains(text, StringComparison.OrdinalIgnoreCase))
                .Select(text => $"{Relative(file)}: {text}"))
            .ToList();

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void Storage_accepts_no_shared_keys_and_no_anonymous_or_plain_http_access()
    {
        var storage = Declaring("Microsoft.Storage/storageAccounts");

        Assert.Matches(Property("allowSharedKeyAccess", "false"), storage);
        Assert.Matches(Property("allowBlobPublicAccess", "false"), storage);
        Assert.Matches(Property("supportsHttpsTrafficOnly", "true"), storage);
        Assert.Matches(Property("minimumTlsVersion", "'TLS1_2'"), storage);
        Assert.DoesNotMatch(Property("allowSharedKeyAccess", "true"), AllBicep());
    }

    [Fact]
    public void Service_bus_and_application_insights_have_local_auth_disabled()
    {
        Assert.Matches(Property("disableLocalAuth", "true"), Declaring("Microsoft.ServiceBus/namespaces"));
        Assert.Matches(Property("DisableLocalAuth", "true"), Declaring("Microsoft.Insights/components"));
        Assert.DoesNotMatch(new Regex(@"(?i)\bdisableLocalAuth\s*:\s*false\b"), AllBicep());
    }

    [Fact]
    public void Role_assignments_use_only_data_plane_roles_never_owner_or_contributor()
    {
        var bicep = AllBicep();

        // Owner, Contributor, User Access Administrator, Role Based Access Control Administrator.
        foreach (var broad in (string[])
                 [
                     "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c",
                     "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
                 ])
        {
            Assert.DoesNotContain(broad, bicep, StringComparison.OrdinalIgnoreCase);
        }

        // Every GUID written in the Bicep is one of the allowed role definitions, and each of them is used.
        var guids = GuidPattern().Matches(bicep).Select(match => match.Value.ToLowerInvariant()).ToHashSet();
        Assert.All(guids, guid => Assert.True(AllowedRoles.ContainsKey(guid), $"{guid} is not an allowed role definition id"));
        Assert.All(AllowedRoles, role => Assert.True(guids.Contains(role.Key), $"{role.Value} ({role.Key}) is never assigned"));

        // Role assignments are scoped to a resource, never to the resource group or the subscription.
        Assert.DoesNotMatch(new Regex(@"scope:\s*(rg|resourceGroup\(\)|subscription\(\))\s*$", RegexOptions.Multiline),
            string.Join('\n', BicepFiles().Where(file => File.ReadAllText(file).Contains("Microsoft.Authorization/roleAssignments@", StringComparison.Ordinal))
                .Select(File.ReadAllText)));
    }

    [Fact]
    public void Every_queue_and_table_the_app_uses_is_created()
    {
        var bicep = AllBicep();

        var queues = new SortedSet<string>(StringComparer.Ordinal)
        {
            HeartbeatTimerFunction.QueueName,
        };
        foreach (var binding in GatewayFunctionCatalog.Default.Functions.SelectMany(function => function.Bindings))
        {
            if (binding.Type is FunctionBinding.QueueTriggerType or FunctionBinding.QueueType)
            {
                queues.Add(binding.GetRequiredString("queueName"));
            }

            // The host moves a message that failed every delivery to <queue>-poison.
            if (binding.Type is FunctionBinding.QueueTriggerType)
            {
                queues.Add(PoisonQueues.NameFor(binding.GetRequiredString("queueName")));
            }
        }

        string[] tables =
        [
            new ApiKeyOptions().Table,
            new RateLimitingOptions().Table,
            ProcessedEventStore.TableName,
            OrderProjectionStore.TableName,
            OrderAuditStore.TableName,
            HeartbeatRecorderFunction.TableName,
        ];

        Assert.Contains(PoisonQueues.NameFor(HeartbeatTimerFunction.QueueName), queues);
        var missing = queues.Where(queue => !HasLiteral(bicep, queue)).Select(queue => $"queue {queue}")
            .Concat(tables.Where(table => !HasLiteral(bicep, table)).Select(table => $"table {table}"))
            .ToList();
        Assert.True(missing.Count == 0, "Not created in infra/: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_events_topic_and_one_subscription_per_consumer_function_are_created_with_dead_lettering()
    {
        var triggers = GatewayFunctionCatalog.Default.Functions
            .Select(function => function.Trigger)
            .Where(trigger => trigger.Type == FunctionBinding.ServiceBusTriggerType)
            .ToList();
        var subscriptions = triggers.Select(trigger => trigger.GetRequiredString("subscriptionName")).ToList();
        Assert.Equal("audit,notifications,projection", string.Join(',', subscriptions.Order(StringComparer.Ordinal)));
        Assert.All(triggers, trigger => Assert.Equal(EventConsumerFunction.Topic, trigger.GetRequiredString("topicName")));

        var bicep = AllBicep();
        Assert.True(HasLiteral(bicep, EventConsumerFunction.Topic), $"topic {EventConsumerFunction.Topic} is not created");
        Assert.All(subscriptions, subscription => Assert.True(HasLiteral(bicep, subscription), $"subscription {subscription} is not created"));

        var serviceBus = Declaring("Microsoft.ServiceBus/namespaces");
        Assert.Matches(Property("deadLetteringOnMessageExpiration", "true"), serviceBus);
        Assert.Matches(Property("maxDeliveryCount", "maxDeliveryCount"), serviceBus);
        Assert.Matches(Property("maxDeliveryCount", "10"), Read("main.bicep"));
    }

    [Fact]
    public void Every_binding_connection_is_configured_by_identity_in_the_app_settings()
    {
        // The gateway's settings: the identity-based ones every app shares, and its own.
        var shared = Settings(Read("core", "host", "function-app-settings.bicep"), "identityBasedSettings");
        var own = Settings(Read("app", "gateway.bicep"), "settings");
        var settings = shared.Concat(own).ToDictionary(StringComparer.Ordinal);
        var connections = GatewayFunctionCatalog.Default.Functions
            .SelectMany(function => function.Bindings)
            .Select(binding => binding.GetString("connection"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal($"{StorageClientFactory.DefaultConnectionName},{EventConsumerFunction.Connection}", string.Join(',', connections.Order(StringComparer.Ordinal)));

        foreach (var connection in connections)
        {
            Assert.Equal("'managedidentity'", settings.GetValueOrDefault($"{connection}__credential"));
            Assert.Contains($"{connection}__clientId", settings.Keys);
            Assert.DoesNotContain(connection, settings.Keys);
        }

        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains($"{EventConsumerFunction.Connection}__fullyQualifiedNamespace", settings.Keys);
        Assert.Contains(HeartbeatTimerFunction.ScheduleSetting, settings.Keys);
        Assert.StartsWith("'Authorization=AAD;ClientId=", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", Read("core", "host", "function-app.bicep"), StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}
