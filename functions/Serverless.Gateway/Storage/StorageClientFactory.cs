using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Storage;

/// <summary>
/// Builds storage clients from a Functions-style connection setting: either a connection string
/// (<c>AzureWebJobsStorage=UseDevelopmentStorage=true</c>) or identity-based settings
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__tableServiceUri</c>/<c>__queueServiceUri</c>,
/// with optional <c>__credential=managedidentity</c> and <c>__clientId</c>), exactly as the Functions host reads them.
/// </summary>
public static class StorageClientFactory
{
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    public static StorageClients Create(
        IConfiguration configuration, string connectionName = DefaultConnectionName, QueueClientOptions? queueOptions = null, TableClientOptions? tableOptions = null)
    {
        var section = configuration.GetSection(connectionName);
        queueOptions ??= CreateQueueOptions();
        tableOptions ??= new TableClientOptions();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageClients(new TableServiceClient(section.Value, tableOptions), new QueueServiceClient(section.Value, queueOptions));
        }

        var accountName = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (accountName is null ? null : $"https://{accountName}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (accountName is null ? null : $"https://{accountName}.queue.core.windows.net");
        if (tableUri is null || queueUri is null)
        {
            throw new GatewayConfigurationException(
                $"Storage connection '{connectionName}' is not configured: set '{connectionName}' to a connection string, " +
                $"or '{connectionName}__accountName' (or '__tableServiceUri' and '__queueServiceUri') for an identity-based connection.");
        }

        var credential = CreateCredential(section);
        return new StorageClients(
            new TableServiceClient(new Uri(tableUri), credential, tableOptions),
            new QueueServiceClient(new Uri(queueUri), credential, queueOptions));
    }

    /// <summary>
    /// Whether <paramref name="connectionName"/> names a table service: a connection string, an account name or a table
    /// service address. Features that are on by default only where storage is configured ask this at start-up.
    /// </summary>
    public static bool HasTableService(IConfiguration configuration, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(connectionName);
        return !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["accountName"])
            || !string.IsNullOrWhiteSpace(section["tableServiceUri"]);
    }

    /// <summary>
    /// Clients that try once and give up after <paramref name="timeout"/>: for a probe, a refused connection must read
    /// as refused at once rather than as a timeout after the SDK's retries and back-off.
    /// </summary>
    public static StorageClients CreateProbe(IConfiguration configuration, TimeSpan timeout, string connectionName = DefaultConnectionName)
    {
        var queueOptions = CreateRawQueueOptions();
        var tableOptions = new TableClientOptions();
        foreach (var retry in new[] { queueOptions.Retry, tableOptions.Retry })
        {
            retry.MaxRetries = 0;
            retry.NetworkTimeout = timeout;
        }

        return Create(configuration, connectionName, queueOptions, tableOptions);
    }

    /// <summary>
    /// Messages are base64 encoded because that is what the Functions host's queue trigger and output binding use;
    /// the service version is pinned because Azurite 3.37 rejects the SDK's newest default.
    /// </summary>
    public static QueueClientOptions CreateQueueOptions()
    {
        var options = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.Base64 };
        options.MessageDecodingFailed += UndecodableMessagePoisoner.PoisonAsync;
        return options;
    }

    /// <summary>
    /// For tools that must see messages exactly as stored: no decoding, so a message that is not base64 (which the
    /// app's own clients skip and poison) is visible too, and a copy made with these options is byte for byte the same.
    /// </summary>
    public static QueueClientOptions CreateRawQueueOptions() =>
        new(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None };

    /// <summary>The Azure identity an identity-based connection uses, or null for a connection string (which carries an account key, not an identity).</summary>
    public static TokenCredential? CredentialOf(IConfiguration configuration, string connectionName = DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(connectionName);
        return string.IsNullOrWhiteSpace(section.Value) && section.GetChildren().Any() ? CreateCredential(section) : null;
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
