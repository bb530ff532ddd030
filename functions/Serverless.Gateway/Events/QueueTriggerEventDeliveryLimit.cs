using Microsoft.Extensions.Options;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Events;

/// <summary>The standalone runtime's limit: it maps each subscription onto a Storage queue, so the queue trigger's dequeue limit is what dead-letters.</summary>
internal sealed class QueueTriggerEventDeliveryLimit(IOptions<QueueTriggerOptions> options) : IEventDeliveryLimit
{
    public int MaxDeliveries => options.Value.MaxDequeueCount;
}
