using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues.Models;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>Builds the Data and Metadata the Functions host would send for a trigger, so handlers see the same shape in both modes.</summary>
internal static class TriggerPayloads
{
    /// <summary>Data holds the message text under the trigger's name (a string, as the host sends it); Metadata the message's properties.</summary>
    public static FunctionInvocation Queue(FunctionDescriptor function, QueueMessage message, DateTimeOffset now) =>
        Create(function,
            new JsonObject { [function.Trigger.Name] = message.Body.ToString() },
            new JsonObject
            {
                ["DequeueCount"] = message.DequeueCount,
                ["Id"] = message.MessageId,
                ["InsertionTime"] = message.InsertedOn,
                ["ExpirationTime"] = message.ExpiresOn,
                ["NextVisibleTime"] = message.NextVisibleOn,
                ["PopReceipt"] = message.PopReceipt,
            },
            now);

    /// <summary>
    /// A topic subscription mapped onto a Storage queue, delivered in the Service Bus trigger's shape: the body as a
    /// string, and the metadata the host sends for a Service Bus message, with the dequeue count as DeliveryCount.
    /// </summary>
    public static FunctionInvocation ServiceBus(FunctionDescriptor function, QueueMessage message, DateTimeOffset now) =>
        Create(function,
            new JsonObject { [function.Trigger.Name] = message.Body.ToString() },
            new JsonObject
            {
                ["MessageId"] = message.MessageId,
                ["DeliveryCount"] = message.DequeueCount,
                ["EnqueuedTimeUtc"] = message.InsertedOn,
                ["ExpiresAtUtc"] = message.ExpiresOn,
                ["ContentType"] = "application/json",
                ["ApplicationProperties"] = new JsonObject(),
                ["UserProperties"] = new JsonObject(),
            },
            now);

    /// <summary>Data holds the host's TimerInfo shape under the trigger's name: Schedule, ScheduleStatus and IsPastDue.</summary>
    public static FunctionInvocation Timer(FunctionDescriptor function, DateTimeOffset? last, DateTimeOffset? next, bool isPastDue, DateTimeOffset now) =>
        Create(function,
            new JsonObject
            {
                [function.Trigger.Name] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject { ["Last"] = last, ["Next"] = next, ["LastUpdated"] = now },
                    ["IsPastDue"] = isPastDue,
                },
            },
            new JsonObject(),
            now);

    private static FunctionInvocation Create(FunctionDescriptor function, JsonObject data, JsonObject metadata, DateTimeOffset now)
    {
        var invocationId = Guid.NewGuid().ToString();
        metadata["sys"] = new JsonObject { ["MethodName"] = function.Name, ["UtcNow"] = now, ["RandGuid"] = Guid.NewGuid().ToString() };
        return new FunctionInvocation(function.Name, invocationId, JsonSerializer.SerializeToElement(data), JsonSerializer.SerializeToElement(metadata));
    }
}
