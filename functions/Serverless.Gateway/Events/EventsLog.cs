namespace Serverless.Gateway.Events;

/// <summary>Log events of the event publisher and consumers, ids 5000-5099.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "{Consumer} skipped event {EventId}, already processed (delivery {Delivery})")]
    public static partial void Duplicate(this ILogger logger, string consumer, string eventId, int delivery);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "{Consumer} failed on event {EventId}, delivery {Delivery} (last: {Last})")]
    public static partial void ConsumerFailed(this ILogger logger, Exception exception, string consumer, string eventId, int delivery, bool last);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Purged {Count} expired processed-event records")]
    public static partial void Purged(this ILogger logger, int count);
}
