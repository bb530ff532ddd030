namespace Serverless.Gateway.Events.Notifications;

/// <summary>Log events of the order notifications consumer, ids 5300-5399.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Debug, Message = "Event {EventId} ({Type}) posted to the webhook backend {Backend}: HTTP {StatusCode}")]
    public static partial void Notified(this ILogger logger, string eventId, string type, string backend, int statusCode);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "Event {EventId} ({Type}) is not one orders are notified of; acknowledged without a call")]
    public static partial void NotNotified(this ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Debug, Message = "Notifications are disabled; event {EventId} acknowledged without a call")]
    public static partial void Disabled(this ILogger logger, string eventId);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning,
        Message = "Event {EventId} was not notified: the webhook backend '{Backend}' is not in Gateway:Backends. Configure it, or set Events:Notifications:Enabled to false")]
    public static partial void BackendNotConfigured(this ILogger logger, string eventId, string backend);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error,
        Message = "The webhook backend {Backend} refused event {EventId} with HTTP {StatusCode}; it will be dead-lettered unless the receiver is fixed before its last delivery")]
    public static partial void Refused(this ILogger logger, string backend, string eventId, int statusCode);
}
