using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Triggers;

internal sealed class QueueTriggerListenerFactory(
    QueueClientProvider queues,
    TriggeredFunctionRunner runner,
    IOptions<QueueTriggerOptions> options,
    IOptions<StandaloneTriggerOptions> standalone,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : ITriggerListenerFactory
{
    public string TriggerType => FunctionBinding.QueueTriggerType;

    public ITriggerListener Create(FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var queueName = descriptor.Trigger.GetRequiredString("queueName");
        var connection = descriptor.Trigger.GetString("connection");
        var poisonQueue = PoisonQueues.IsPoisonQueue(queueName)
            ? null
            : queues.GetQueueClient(connection, PoisonQueues.NameFor(queueName));
        return new QueueTriggerListener(descriptor, queues.GetQueueClient(connection, queueName), poisonQueue, runner, options.Value, standalone.Value.MessageLease, TriggerPayloads.Queue, time, logger);
    }
}
