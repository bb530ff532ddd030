using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// The <c>serviceBus</c> output binding in standalone mode: each message is copied into the Storage queue of every
/// subscription of the topic (see <see cref="ServiceBusTopics"/>), in the app's own storage account.
/// </summary>
internal sealed class ServiceBusOutputBinder(FunctionCatalog catalog, QueueClientProvider queues) : IOutputBinder
{
    public string BindingType => FunctionBinding.ServiceBusType;

    public async Task WriteAsync(FunctionBinding binding, IReadOnlyList<JsonElement> messages, CancellationToken cancellationToken)
    {
        var topic = binding.GetRequiredString("topicName");
        foreach (var queueName in ServiceBusTopics.SubscriptionQueues(catalog, topic))
        {
            var queue = queues.GetQueueClient(null, queueName);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var message in messages)
            {
                var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
                await queue.SendMessageAsync(text, cancellationToken);
            }
        }
    }
}
