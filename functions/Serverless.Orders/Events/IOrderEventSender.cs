namespace Serverless.Orders.Events;

/// <summary>Delivers one event to every subscriber of the order events topic. Sending the same event twice is allowed: consumers drop duplicates by id.</summary>
public interface IOrderEventSender
{
    Task SendAsync(OrderEvent orderEvent, CancellationToken cancellationToken);
}
