using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events.Projection;

/// <summary>The <c>OrderProjection</c> function: the <c>projection</c> subscription of <c>order-events</c>, keeping the order read model.</summary>
public sealed class OrderProjectionFunction(OrderProjection projection, EventConsumerPipeline pipeline) : EventConsumerFunction(projection, pipeline)
{
    public const string FunctionName = "OrderProjection";

    public static FunctionDescriptor Descriptor { get; } = Describe(FunctionName, OrderProjection.Subscription);

    public override string Name => FunctionName;
}
