using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Events;

/// <summary>The subscription's <c>maxDeliveryCount</c> as configured in <see cref="EventsOptions.MaxDeliveryCount"/>: what Service Bus applies under the Functions host.</summary>
internal sealed class ConfiguredEventDeliveryLimit(IOptions<EventsOptions> options) : IEventDeliveryLimit
{
    public int MaxDeliveries => options.Value.MaxDeliveryCount;
}
