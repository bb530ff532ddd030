using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Serverless.Gateway.Storage;

/// <summary>
/// The Table and Queue service clients for the app's storage account (the <c>AzureWebJobsStorage</c> connection).
/// Created on first use, so a gateway that only proxies starts, and answers, without storage configured; the
/// configuration error surfaces where storage is actually needed (and on <c>/readyz</c>).
/// </summary>
public sealed class StorageClients
{
    private readonly Lazy<(TableServiceClient Tables, QueueServiceClient Queues)> _clients;

    public StorageClients(TableServiceClient tables, QueueServiceClient queues) => _clients = new((tables, queues));

    public StorageClients(Func<(TableServiceClient Tables, QueueServiceClient Queues)> create) => _clients = new(create);

    public TableServiceClient Tables => _clients.Value.Tables;

    public QueueServiceClient Queues => _clients.Value.Queues;
}
