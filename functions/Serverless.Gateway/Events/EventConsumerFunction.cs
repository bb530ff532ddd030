using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events;

/// <summary>A downstream function: one subscription of the <c>order-events</c> topic, running one consumer through the pipeline.</summary>
public abstract class EventConsumerFunction(IEventConsumer consumer, EventConsumerPipeline pipeline) : IFunctionHandler
{
    public const string Topic = "order-events";

    /// <summary>The app setting prefix of the Service Bus namespace, e.g. <c>ServiceBusConnection__fullyQualifiedNamespace</c>.</summary>
    public const string Connection = "ServiceBusConnection";

    public abstract string Name { get; }

    public static FunctionDescriptor Describe(string functionName, string subscription) =>
        new(functionName, [FunctionBinding.ServiceBusTopicTrigger(EventConsumerPipeline.TriggerBinding, Topic, subscription, Connection)]);

    public ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken) =>
        pipeline.RunAsync(consumer, invocation, cancellationToken);
}
