using System.Text.Json;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Events;

/// <summary>
/// Moves the saga's events from its outbox queue onto the <c>order-events</c> topic through a Service Bus output
/// binding, the only way this app can reach Service Bus. Standalone, the binding fans out to one Storage queue per
/// subscription. Outputs are written only when the invocation succeeds, and a redelivery re-sends the same event,
/// which consumers drop by id.
/// </summary>
public sealed class OrderEventsPublisherFunction : IFunctionHandler
{
    public const string FunctionName = "OrderEventsPublisher";
    public const string TriggerBinding = "message";
    public const string OutputBinding = "events";

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName,
    [
        FunctionBinding.QueueTrigger(TriggerBinding, OrderEvents.QueueName, StorageClientFactory.DefaultConnectionName),
        FunctionBinding.ServiceBusTopicOutput(OutputBinding, EventConsumerFunction.Topic, EventConsumerFunction.Connection),
    ]);

    public string Name => FunctionName;

    public ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var (_, text) = CloudEventReader.ReadTrigger(invocation, TriggerBinding);

        // An object, not a string: the host would base64-decode a string output that happens to be valid base64.
        using var document = JsonDocument.Parse(text);
        return ValueTask.FromResult(new FunctionResult
        {
            Outputs = new Dictionary<string, JsonElement> { [OutputBinding] = document.RootElement.Clone() },
        });
    }
}
