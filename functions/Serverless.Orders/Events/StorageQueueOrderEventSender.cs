using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Serverless.Orders.Events;

/// <summary>
/// The topic as the gateway's standalone runtime maps it: a copy of every event in each subscription's Storage queue
/// (<c>{topic}-{subscription}</c>), base64-encoded as the Functions queue trigger expects. Queues are created on first use.
/// </summary>
internal sealed class StorageQueueOrderEventSender(QueueServiceClient queues, IOptions<OrderEventsOptions> options) : IOrderEventSender
{
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public async Task SendAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var body = CloudEventJson.Write(orderEvent);
        var o = options.Value;
        foreach (var subscription in o.Subscriptions)
        {
            var queue = queues.GetQueueClient($"{o.Topic}-{subscription}".ToLowerInvariant());
            if (!_created.ContainsKey(queue.Name))
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created[queue.Name] = true;
            }

            await queue.SendMessageAsync(body, cancellationToken);
        }
    }
}
