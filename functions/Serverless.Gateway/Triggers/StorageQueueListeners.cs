using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Health;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// Builds the listener of a function whose messages sit in a Storage queue of the app's runtime, whatever the trigger
/// type in function.json: the queue, its <c>-poison</c> queue (none for a poison queue), and the host's settings.
/// </summary>
internal sealed class StorageQueueListeners(
    QueueClientProvider queues,
    TriggeredFunctionRunner runner,
    IOptions<QueueTriggerOptions> options,
    IOptions<StandaloneTriggerOptions> standalone,
    TimeProvider time,
    DependencyHealth dependencies,
    ILogger<QueueTriggerListener> logger)
{
    public ITriggerListener Create(
        FunctionDescriptor function, string? connection, string queueName, Func<FunctionDescriptor, QueueMessage, DateTimeOffset, FunctionInvocation> payload)
    {
        var poisonQueue = PoisonQueues.IsPoisonQueue(queueName) ? null : queues.GetQueueClient(connection, PoisonQueues.NameFor(queueName));
        return new QueueTriggerListener(
            function, queues.GetQueueClient(connection, queueName), poisonQueue, runner, options.Value, standalone.Value.MessageLease, payload, time, dependencies, logger);
    }
}
