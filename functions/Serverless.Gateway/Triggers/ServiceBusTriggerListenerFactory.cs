using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// Runs a topic-subscription function from its subscription's Storage queue, with the queue trigger's semantics
/// (lease, retries, <c>-poison</c> queue in place of the dead-letter queue) and the Service Bus trigger's payload.
/// </summary>
internal sealed class ServiceBusTriggerListenerFactory(StorageQueueListeners listeners) : ITriggerListenerFactory
{
    public string TriggerType => FunctionBinding.ServiceBusTriggerType;

    public ITriggerListener Create(FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);

        // The mapped queues live in the app's own storage account, not behind the binding's Service Bus connection.
        var queueName = ServiceBusTopics.SubscriptionQueueName(
            descriptor.Trigger.GetRequiredString("topicName"), descriptor.Trigger.GetRequiredString("subscriptionName"));
        return listeners.Create(descriptor, null, queueName, TriggerPayloads.ServiceBus);
    }
}
