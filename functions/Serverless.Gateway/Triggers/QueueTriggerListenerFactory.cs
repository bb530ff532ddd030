using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

internal sealed class QueueTriggerListenerFactory(StorageQueueListeners listeners) : ITriggerListenerFactory
{
    public string TriggerType => FunctionBinding.QueueTriggerType;

    public ITriggerListener Create(FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return listeners.Create(
            descriptor, descriptor.Trigger.GetString("connection"), descriptor.Trigger.GetRequiredString("queueName"), TriggerPayloads.Queue);
    }
}
