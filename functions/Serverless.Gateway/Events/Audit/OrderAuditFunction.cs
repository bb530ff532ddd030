using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events.Audit;

/// <summary>The <c>OrderAudit</c> function: the <c>audit</c> subscription of <c>order-events</c>, recording every event.</summary>
public sealed class OrderAuditFunction(OrderAudit audit, EventConsumerPipeline pipeline) : EventConsumerFunction(audit, pipeline)
{
    public const string FunctionName = "OrderAudit";

    public static FunctionDescriptor Descriptor { get; } = Describe(FunctionName, OrderAudit.Subscription);

    public override string Name => FunctionName;
}
