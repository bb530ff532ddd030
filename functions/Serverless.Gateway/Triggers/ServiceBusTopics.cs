using Serverless.Gateway.Configuration;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// How the standalone runtime maps a Service Bus topic onto Storage queues: one queue per subscription, named
/// <c>{topic}-{subscription}</c>, and publishing copies each message into every subscription's queue, as the topic would.
/// </summary>
public static class ServiceBusTopics
{
    public static string SubscriptionQueueName(string topic, string subscription)
    {
        var name = $"{topic}-{subscription}".ToLowerInvariant();

        // Storage queue names: 3 to 63 lowercase letters, digits and single hyphens, starting and ending alphanumeric.
        if (name.Length is < 3 or > 63 || !name.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || name.Contains("--", StringComparison.Ordinal) || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            throw new GatewayConfigurationException(
                $"Topic '{topic}' subscription '{subscription}' maps to the Storage queue name '{name}', which is not valid; rename the topic or subscription.");
        }

        return name;
    }

    /// <summary>The subscription queues of a topic: one per function that a subscription of it triggers.</summary>
    public static IReadOnlyList<string> SubscriptionQueues(FunctionCatalog catalog, string topic)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Functions
            .Where(function => function.Trigger.Type.Equals(FunctionBinding.ServiceBusTriggerType, StringComparison.OrdinalIgnoreCase)
                && string.Equals(function.Trigger.GetString("topicName"), topic, StringComparison.OrdinalIgnoreCase))
            .Select(function => SubscriptionQueueName(topic, function.Trigger.GetRequiredString("subscriptionName")))
            .Distinct(StringComparer.Ordinal)];
    }
}
