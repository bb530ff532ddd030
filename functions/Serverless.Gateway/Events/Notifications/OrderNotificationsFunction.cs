using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events.Notifications;

/// <summary>The downstream function of the <c>notifications</c> subscription: <see cref="OrderNotifications"/> through the event pipeline.</summary>
public sealed class OrderNotificationsFunction(OrderNotifications consumer, EventConsumerPipeline pipeline) : EventConsumerFunction(consumer, pipeline)
{
    public const string FunctionName = "OrderNotifications";

    public static FunctionDescriptor Descriptor { get; } = Describe(FunctionName, OrderNotifications.Subscription);

    public override string Name => FunctionName;
}
