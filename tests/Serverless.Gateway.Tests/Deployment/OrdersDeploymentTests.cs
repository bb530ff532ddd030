using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Routing;
using static Serverless.Gateway.Tests.Deployment.InfraSources;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// The second function app in infra/: the orders service on its own Flex Consumption plan and identity, the gateway's
/// route and backend to it, the Key Vault that holds the gateway's identity-assertion signing key, and azure.yaml.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class OrdersDeploymentTests
{
    private static string Main => Read("main.bicep");

    private static Dictionary<string, string> SharedSettings => Settings(Read("core", "host", "function-app-settings.bicep"), "identityBasedSettings");

    private static Dictionary<string, string> GatewaySettings => Settings(Read("app", "gateway.bicep"), "settings");

    private static Dictionary<string, string> OrdersSettings => Settings(Read("app", "orders.bicep"), "settings");

    [Fact]
    public void The_orders_app_is_a_flex_site_of_its_own_with_the_dotnet_isolated_10_runtime()
    {
        var site = Block(Main, "module ordersSite");
        Assert.Contains("'core/host/function-app.bicep'", site, StringComparison.Ordinal);
        Assert.Matches(Property("runtimeName", "'dotnet-isolated'"), site);
        Assert.Matches(Property("runtimeVersion", "'10.0'"), site);
        Assert.Matches(Property("'azd-service-name'", "'orders'"), site);
        Assert.Matches(Property("identityName", "ordersIdentityName"), site);
        Assert.Matches(Property("deploymentContainerName", "ordersDeploymentContainerName"), site);

        // One app per Flex plan: each site has its own.
        Assert.Matches(Property("planId", "ordersPlan.outputs.id"), site);
        Assert.Matches(Property("planId", "plan.outputs.id"), Block(Main, "module gatewaySite"));
        Assert.Matches(Property("name", "ordersPlanName"), Block(Main, "module ordersPlan"));
        Assert.Contains("'core/host/flex-consumption-plan.bicep'", Block(Main, "module ordersPlan"), StringComparison.Ordinal);
        Assert.Contains("ordersDeploymentContainerName", Block(Main, "module storage"), StringComparison.Ordinal);

        // The shared site module passes the runtime through and deploys from the app's container as the app's identity.
        var functionApp = Read("core", "host", "function-app.bicep");
        Assert.Matches(Property("name", "runtimeName"), functionApp);
        Assert.Matches(Property("version", "runtimeVersion"), functionApp);
        Assert.Contains("value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'", functionApp, StringComparison.Ordinal);
        Assert.Matches(Property("userAssignedIdentityResourceId", "identity.id"), functionApp);
    }

    [Fact]
    public void The_orders_identity_has_exactly_its_data_roles_and_no_service_bus_receive_or_manage_role()
    {
        var grants = Modules(Main)
            .Where(static module => Regex.IsMatch(module.Block, @"(?m)^\s*principalKey:\s*ordersIdentityName\s*$"))
            .ToList();

        var roles = grants.SelectMany(static grant => Roles(grant.Block)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "monitoringMetricsPublisher", "serviceBusDataSender", "storageBlobDataOwner", "storageQueueDataContributor",
                "storageTableDataContributor",
            ],
            roles);

        // Each role on its narrowest scope: storage on the account, Service Bus on the topic, telemetry on the component.
        var serviceBus = Assert.Single(grants, static grant => grant.Block.Contains("service-bus-role-assignments.bicep", StringComparison.Ordinal)).Block;
        Assert.Matches(Property("topicName", "eventsTopicName"), serviceBus);
        Assert.Matches(Property("storageAccountName", "storageAccountName"), Assert.Single(grants, static grant => grant.Block.Contains("storage-role-assignments.bicep", StringComparison.Ordinal)).Block);
        Assert.Single(grants, static grant => grant.Block.Contains("app-insights-role-assignments.bicep", StringComparison.Ordinal));
        Assert.Matches(Property("scope", "topic"), Read("core", "security", "service-bus-role-assignments.bicep"));

        // Nothing else refers to the orders identity's principal: no Key Vault role, no namespace-wide role.
        var principalUses = Modules(Main).Where(static module => module.Block.Contains("ordersIdentity.outputs.principalId", StringComparison.Ordinal)).ToList();
        Assert.Equal(grants.Select(static grant => grant.Symbol), principalUses.Select(static use => use.Symbol));
        Assert.DoesNotContain("ordersIdentity", Block(Main, "module keyVault"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_app_setting_of_either_app_holds_a_secret_or_an_account_key()
    {
        string[] forbidden = ["AccountKey", "SharedAccessKey", "SharedAccessSignature", "sig=", "listKeys(", "listSecrets(", "Password=", "DefaultEndpointsProtocol"];
        var apps = new Dictionary<string, Dictionary<string, string>>
        {
            ["shared"] = SharedSettings,
            ["gateway"] = GatewaySettings,
            ["orders"] = OrdersSettings,
        };

        foreach (var (app, settings) in apps)
        {
            foreach (var (name, value) in settings)
            {
                // App Service on Linux takes only these characters in a setting name (ids like orders_root use '_').
                Assert.True(SettingName().IsMatch(name), $"{app}: '{name}' is not a valid app setting name on Linux.");
                Assert.True(
                    !forbidden.Any(text => value.Contains(text, StringComparison.OrdinalIgnoreCase)),
                    $"{app}: {name} = {value} holds a key or a connection-string secret.");
                if (SecretLikeName().IsMatch(name))
                {
                    Assert.True(value.StartsWith("'@Microsoft.KeyVault(", StringComparison.Ordinal), $"{app}: {name} must be a Key Vault reference, not {value}.");
                }
            }
        }

        // The one Key Vault reference is the gateway's signing key; the orders app has no secret at all.
        Assert.Equal(
            ["Auth__IdentityAssertion__SigningKeys__0__PrivateKeyPem"],
            apps.Values.SelectMany(static settings => settings).Where(static setting => setting.Value.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal)).Select(static setting => setting.Key));
    }

    [Fact]
    public void The_gateway_signing_key_is_a_key_vault_reference_the_gateway_identity_alone_can_read()
    {
        var gateway = GatewaySettings;
        Assert.Equal("'@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${assertionKeySecretName})'", gateway["Auth__IdentityAssertion__SigningKeys__0__PrivateKeyPem"]);
        Assert.Equal("'k1'", gateway["Auth__IdentityAssertion__SigningKeys__0__Id"]);
        Assert.Equal("'k1'", gateway["Auth__IdentityAssertion__ActiveKeyId"]);
        Assert.Matches(@"(?m)^var assertionKeySecretName = 'gateway-assertion-key'$", Main);
        var settingsModule = Block(Main, "module gateway");
        Assert.Matches(Property("keyVaultName", "keyVaultName"), settingsModule);
        Assert.Matches(Property("assertionKeySecretName", "assertionKeySecretName"), settingsModule);

        // The platform resolves references as the site's user-assigned identity.
        Assert.Matches(Property("keyVaultReferenceIdentity", "identity.id"), Read("core", "host", "function-app.bicep"));
        Assert.Matches(Property("identityName", "identityName"), Block(Main, "module gatewaySite"));

        // The vault: RBAC only, soft delete with purge protection; Secrets User for the gateway, Secrets Officer for the deployer (the hook).
        var vault = Declaring("Microsoft.KeyVault/vaults");
        Assert.Matches(Property("enableRbacAuthorization", "true"), vault);
        Assert.Matches(Property("enableSoftDelete", "true"), vault);
        Assert.Matches(Property("enablePurgeProtection", "true"), vault);
        Assert.Matches(Property("scope", "vault"), vault);
        Assert.DoesNotContain("accessPolicies", vault, StringComparison.Ordinal);
        var keyVault = Block(Main, "module keyVault");
        Assert.Equal(["keyVaultSecretsOfficer", "keyVaultSecretsUser"], Roles(keyVault).Order(StringComparer.Ordinal));
        Assert.Matches(@"principalKey: identityName\s+principalType: 'ServicePrincipal'\s+roleDefinitionId: builtInRoles\.keyVaultSecretsUser", keyVault);
        Assert.Matches(@"empty\(principalId\)[\s\S]*principalId: principalId[\s\S]*roleDefinitionId: builtInRoles\.keyVaultSecretsOfficer", keyVault);
        Assert.Single(Modules(Main), static module => Roles(module.Block).Overlaps(["keyVaultSecretsUser", "keyVaultSecretsOfficer"]));
    }

    [Fact]
    public void Each_app_reads_the_other_apps_host_name_from_its_site()
    {
        Assert.Matches(Property("ordersHostName", "ordersSite.outputs.defaultHostName"), Block(Main, "module gateway"));
        Assert.Matches(Property("gatewayHostName", "gatewaySite.outputs.defaultHostName"), Block(Main, "module orders"));
        Assert.Matches(@"(?m)^output defaultHostName string = app\.properties\.defaultHostName$", Read("core", "host", "function-app.bicep"));

        Assert.Equal("'https://${ordersHostName}'", GatewaySettings["Gateway__Backends__orders__Destinations__orders_1"]);
        Assert.Equal("'true'", GatewaySettings["Gateway__Backends__orders__IdentityAssertion"]);
        Assert.Equal("'https://${gatewayHostName}/.well-known/jwks.json'", OrdersSettings["Orders__Gateway__JwksUri"]);
        Assert.Equal("'serverless-gateway'", OrdersSettings["Orders__Gateway__Issuer"]);
        Assert.Equal("'orders'", OrdersSettings["Orders__Gateway__Audience"]);
    }

    [Fact]
    public void The_orders_app_settings_follow_its_contract()
    {
        var shared = SharedSettings;
        foreach (var name in (string[])
                 [
                     "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri",
                     "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "ServiceBusConnection__fullyQualifiedNamespace",
                     "ServiceBusConnection__credential", "ServiceBusConnection__clientId", "APPLICATIONINSIGHTS_CONNECTION_STRING",
                     "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID",
                 ])
        {
            Assert.Contains(name, shared.Keys);
        }

        Assert.Equal("'managedidentity'", shared["AzureWebJobsStorage__credential"]);
        Assert.Equal("'managedidentity'", shared["ServiceBusConnection__credential"]);
        Assert.Matches(Property("appName", "ordersAppName"), Block(Main, "module orders"));
        Assert.Contains("'../core/host/function-app-settings.bicep'", Read("app", "orders.bicep"), StringComparison.Ordinal);

        var orders = OrdersSettings;
        Assert.Equal("'ServiceBus'", orders["Orders__Events__Transport"]);
        Assert.Equal("eventsTopicName", orders["Orders__Events__Topic"]);
        Assert.Matches(@"(?m)^var eventsTopicName = 'order-events'$", Main);
        Assert.Matches(Property("eventsTopicName", "eventsTopicName"), Block(Main, "module orders"));

        // The participants come from azd environment variables and default to empty (the app then refuses to start sagas).
        var parameters = Read("main.parameters.json");
        foreach (var (participant, variable) in (ReadOnlySpan<(string, string)>)[("Inventory", "ORDERS_INVENTORY_URL"), ("Payment", "ORDERS_PAYMENT_URL"), ("Shipping", "ORDERS_SHIPPING_URL")])
        {
            var parameter = $"orders{participant}Url";
            Assert.Equal($"{participant.ToLowerInvariant()}Url", orders[$"Orders__Participants__{participant}"]);
            Assert.Matches($@"(?m)^param {parameter} string = ''\s*$", Main);
            Assert.Matches(Property($"{participant.ToLowerInvariant()}Url", parameter), Block(Main, "module orders"));
            Assert.Contains($"\"{parameter}\": {{\n      \"value\": \"${{{variable}}}\"", parameters, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The orders routes and backend, read from the app settings as the gateway would read them from the environment,
    /// pass the gateway's own configuration validation (route templates, backend references, policy names).
    /// </summary>
    [Fact]
    public void The_orders_routes_in_the_gateway_settings_are_valid_gateway_configuration()
    {
        var gateway = GatewaySettings;
        var values = gateway
            .Where(static setting => setting.Key.StartsWith("Gateway__", StringComparison.Ordinal) || setting.Key.StartsWith("Auth__Policies__", StringComparison.Ordinal))
            // The backend's IdentityAssertion switch belongs to the identity-assertion work; until BackendOptions has it,
            // the strict binder would report it as unknown.
            .Where(static setting => typeof(BackendOptions).GetProperty("IdentityAssertion") is not null || !setting.Key.EndsWith("__IdentityAssertion", StringComparison.Ordinal))
            .ToDictionary(
                static setting => setting.Key.Replace("__", ":", StringComparison.Ordinal),
                static setting => (string?)Unquote(setting.Value).Replace("${ordersHostName}", "func-orders.example.net", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var errors = new List<string>();
        var options = GatewayOptionsBinder.Bind(configuration.GetSection(GatewayOptions.SectionName), errors);
        var policies = configuration.GetSection("Auth:Policies").GetChildren().ToDictionary(static policy => policy.Key, static policy => Enum.Parse<AuthRequirement>(policy["Require"]!));
        errors.AddRange(GatewayOptionsValidator.Validate(options, policies.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase), new HashSet<string>()));

        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.Equal(AuthRequirement.ApiKeyOrJwt, policies["orders"]);
        Assert.Equal(["orders", "orders_root"], options.Routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/orders/{**rest}", options.Routes["orders"].Path);
        Assert.Equal("/orders", options.Routes["orders_root"].Path);
        Assert.All(options.Routes.Values, static route =>
        {
            Assert.Equal("orders", route.Backend);
            Assert.Equal("orders", route.AuthPolicy);
            Assert.Equal(GatewayOptionsValidator.PlanPolicy, route.RateLimitPolicy);
        });

        // GET /orders is the gateway's own query (a customer's orders), so only POST on the root goes to the orders service.
        Assert.Equal(["POST"], options.Routes["orders_root"].Methods);
        Assert.Empty(options.Routes["orders"].Methods);
        Assert.Equal("https://func-orders.example.net", Assert.Single(options.Backends["orders"].Destinations).Value);
    }

    [Fact]
    public void Azure_yaml_deploys_both_apps_and_runs_the_postprovision_hook()
    {
        var azureYaml = File.ReadAllText(Path.Combine(InfraSources.Directory, "..", "azure.yaml"));

        foreach (var (service, project) in (ReadOnlySpan<(string, string)>)[("gateway", "./functions/Serverless.Gateway"), ("orders", "./functions/Serverless.Orders")])
        {
            Assert.Matches($@"(?m)^  {service}:\n    project: {Regex.Escape(project)}\n    language: dotnet\n    host: function\n", azureYaml);
        }

        Assert.Matches(@"(?m)^hooks:\n(?:  #.*\n)*  postprovision:\n    shell: sh\n    run: \./infra/hooks/postprovision\.sh\n", azureYaml);
        Assert.True(File.Exists(Path.Combine(InfraSources.Directory, "hooks", "postprovision.sh")));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : throw new Xunit.Sdk.XunitException($"{value} is not a Bicep string literal.");

    [GeneratedRegex(@"^[A-Za-z0-9_.]+$")]
    private static partial Regex SettingName();

    /// <summary>Names that announce a secret: such a setting may only hold a Key Vault reference.</summary>
    [GeneratedRegex(@"(?i)(PrivateKey|Pem$|Secret|Password|SharedAccess|AccountKey|Token$)")]
    private static partial Regex SecretLikeName();
}
