using System.ComponentModel.DataAnnotations;

namespace Serverless.Orders.Events;

/// <summary>Where the saga's events go, bound from <c>Orders:Events</c>.</summary>
public sealed class OrderEventsOptions
{
    public const string SectionName = "Orders:Events";

    /// <summary>
    /// <c>ServiceBus</c> (the topic, through <c>ServiceBusConnection</c>) or <c>StorageQueues</c> (one queue per subscription in
    /// <c>AzureWebJobsStorage</c>, named <c>{topic}-{subscription}</c>: the gateway's standalone mapping of the topic).
    /// Default: ServiceBus under the Functions host, StorageQueues standalone.
    /// </summary>
    public OrderEventTransport? Transport { get; set; }

    /// <summary>The topic. Default <c>order-events</c>.</summary>
    [Required]
    public string Topic { get; set; } = "order-events";

    /// <summary>The topic's subscriptions, for the Storage queue mapping. Default the gateway's consumers: projection, audit, notifications.</summary>
    [MinLength(1)]
    public List<string> Subscriptions { get; set; } = ["projection", "audit", "notifications"];

    /// <summary>The Functions-style connection setting of the Service Bus namespace. Default <c>ServiceBusConnection</c>.</summary>
    [Required]
    public string Connection { get; set; } = "ServiceBusConnection";
}
