using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// Which poison queues exist, from the function catalog as the standalone runtime reads it: a queue trigger's
/// <c>queueName</c> (after <c>%AppSetting%</c> resolution) or a topic subscription's queue, each plus <c>-poison</c>.
/// </summary>
public static class DeadLetterChannels
{
    /// <summary>Every poison queue the catalog's functions can fill, ordered by name; one per source queue and storage connection.</summary>
    public static IReadOnlyList<DeadLetterChannel> Discover(FunctionCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var sources = new List<(string Queue, string Connection, string Function, string? Topic, string? Subscription)>();
        foreach (var function in catalog.Functions)
        {
            if (Source(function, configuration) is { } source)
            {
                sources.Add((source.Queue, source.Connection, function.Name, source.Topic, source.Subscription));
            }
        }

        return [.. sources
            .GroupBy(static source => (source.Queue, source.Connection))
            .Select(static group => new DeadLetterChannel(
                PoisonQueues.NameFor(group.Key.Queue), group.Key.Queue, group.Key.Connection, [.. group.Select(static source => source.Function)],
                group.First().Topic, group.First().Subscription))
            .OrderBy(static queue => queue.Name, StringComparer.Ordinal)];
    }

    /// <summary>The queue a function is triggered from, as the standalone runtime resolves it; null for other triggers.</summary>
    private static (string Queue, string Connection, string? Topic, string? Subscription)? Source(FunctionDescriptor function, IConfiguration configuration)
    {
        try
        {
            var trigger = AppSettings.Resolve(function, configuration).Trigger;
            if (trigger.Type.Equals(FunctionBinding.QueueTriggerType, StringComparison.OrdinalIgnoreCase))
            {
                var queueName = trigger.GetRequiredString("queueName");

                // A poison queue's own trigger has no poison queue.
                return PoisonQueues.IsPoisonQueue(queueName)
                    ? null
                    : (queueName, trigger.GetString("connection") is { Length: > 0 } connection ? connection : StorageClientFactory.DefaultConnectionName, null, null);
            }

            if (trigger.Type.Equals(FunctionBinding.ServiceBusTriggerType, StringComparison.OrdinalIgnoreCase))
            {
                var topic = trigger.GetRequiredString("topicName");
                var subscription = trigger.GetRequiredString("subscriptionName");

                // The runtime keeps subscription queues in the app's own storage account (the orders service writes a copy of each event into every subscription's queue).
                return (ServiceBusTopics.SubscriptionQueueName(topic, subscription), StorageClientFactory.DefaultConnectionName, topic, subscription);
            }
        }
        catch (InvalidOperationException)
        {
            // A queue named by a missing app setting, or an invalid topic mapping: the runtime refuses to run such a
            // function, so it has no poison queue to look at.
        }

        return null;
    }
}
