using System.ComponentModel.DataAnnotations;

namespace Serverless.Gateway.Events;

/// <summary>The event consumers' settings, bound from the <c>Events</c> section.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>How long a processed event id is remembered for de-duplication. Default seven days, the longest a Storage queue message or a Service Bus redelivery plausibly lingers.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan ProcessedEventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Deliveries after which a failing message is dead-lettered: the Service Bus subscription's <c>maxDeliveryCount</c>
    /// (10) under the host; standalone, host.json's <c>extensions.queues.maxDequeueCount</c> applies and this only labels
    /// the metric. Default 10.
    /// </summary>
    [Range(1, 2000)]
    public int MaxDeliveryCount { get; set; } = 10;
}
