namespace Serverless.Orders.Events;

public enum OrderEventTransport
{
    ServiceBus,
    StorageQueues,
}
