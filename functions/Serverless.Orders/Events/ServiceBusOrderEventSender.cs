using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace Serverless.Orders.Events;

/// <summary>
/// Sends to the topic with the event id as <c>MessageId</c>, so the topic's duplicate detection drops a second send of
/// the same event within its window and consumers' own de-duplication catches the rest.
/// </summary>
internal sealed class ServiceBusOrderEventSender(ServiceBusClient client, IOptions<OrderEventsOptions> options) : IOrderEventSender, IAsyncDisposable
{
    private readonly ServiceBusSender _sender = client.CreateSender(options.Value.Topic);

    public Task SendAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var message = new ServiceBusMessage(CloudEventJson.Write(orderEvent))
        {
            MessageId = orderEvent.Id,
            ContentType = CloudEventJson.ContentType,
            Subject = orderEvent.Type,
            CorrelationId = orderEvent.OrderId,
        };
        return _sender.SendMessageAsync(message, cancellationToken);
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
