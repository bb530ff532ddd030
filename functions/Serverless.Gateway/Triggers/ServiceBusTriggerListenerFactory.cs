using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// Runs a topic-subscription function from its subscription's Storage queue, with the queue trigger's semantics
/// (lease, retries, <c>-poison</c> queue in place of the dead-letter queue) and the Service Bus trigger's payload.
/// </summary>
internal sealed class ServiceBusTriggerListenerFactory(
    QueueClientProvider queues,
    TriggeredFunctionRunner runner,
    IOptions<QueueTriggerOptions> options,
    IOptions<StandaloneTriggerOptions> standalone,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : ITriggerListenerFactory
{
    public string TriggerType => FunctionBinding.ServiceBusTriggerType;

    public ITriggerListener Create(FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var queueName = ServiceBusTopics.SubscriptionQueueName(
            descriptor.Trigger.GetRequiredString("topicName"), descriptor.Trigger.GetRequiredString("subscriptionName"));
        return new QueueTriggerListener(
            descriptor, queues.GetQueueClient(null, queueName), queues.GetQueueClient(null, PoisonQueues.NameFor(queueName)), runner, options.Value,
            standalone.Value.MessageLease, TriggerPayloads.ServiceBus, time, logger);
    }
}
