using Azure.Core;
using Azure.Identity;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;

namespace Serverless.Orders.Hosting;

/// <summary>
/// <c>AzureWebJobsStorage</c> read as the Functions host reads it: a connection string, or identity-based settings
/// (<c>__accountName</c> or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>, with optional
/// <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public sealed class StorageConnection
{
    public const string Name = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly Uri? _blob;
    private readonly Uri? _queue;
    private readonly Uri? _table;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _blob = blob;
        _queue = queue;
        _table = table;
        _credential = credential;
    }

    public static StorageConnection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null);
        }

        var account = section["accountName"];
        Uri? Endpoint(string service) => section[$"{service}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is null ? null : new Uri($"https://{account}.{service}.core.windows.net");
        var (blob, queue, table) = (Endpoint("blob"), Endpoint("queue"), Endpoint("table"));
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage connection '{Name}' is not configured: set '{Name}' to a connection string, or '{Name}__accountName' " +
                $"(or '__blobServiceUri', '__queueServiceUri' and '__tableServiceUri') for an identity-based connection.");
        }

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new StorageConnection(null, blob, queue, table, credential);
    }

    public StorageAccountClientProvider TaskHubClients() => _connectionString is not null
        ? new StorageAccountClientProvider(_connectionString)
        : new StorageAccountClientProvider(_blob!, _queue!, _table!, _credential!);

    public TableServiceClient Tables() => _connectionString is not null ? new TableServiceClient(_connectionString) : new TableServiceClient(_table!, _credential!);

    /// <summary>Queue messages base64-encoded, as the Functions queue trigger reads them; the service version is one Azurite 3.37 accepts.</summary>
    public QueueServiceClient Queues()
    {
        var options = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.Base64 };
        return _connectionString is not null ? new QueueServiceClient(_connectionString, options) : new QueueServiceClient(_queue!, _credential!, options);
    }
}
