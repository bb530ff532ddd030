using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Triggers;

/// <summary>Queue clients for a binding's <c>connection</c> setting, one service client per connection, created on first use.</summary>
internal sealed class QueueClientProvider(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, QueueServiceClient> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public QueueClient GetQueueClient(string? connection, string queueName)
    {
        var name = string.IsNullOrWhiteSpace(connection) ? StorageClientFactory.DefaultConnectionName : connection;
        return _accounts.GetOrAdd(name, key => StorageClientFactory.Create(configuration, key).Queues).GetQueueClient(queueName);
    }
}
