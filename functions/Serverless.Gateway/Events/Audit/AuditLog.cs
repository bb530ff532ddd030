namespace Serverless.Gateway.Events.Audit;

/// <summary>Log events of the order audit log and its query, ids 5200-5299.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Debug, Message = "Audit recorded event {Sequence} ({Type}) of order {OrderId}")]
    public static partial void Recorded(this ILogger logger, string orderId, long sequence, string type);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Debug, Message = "Audit already holds event {Sequence} of order {OrderId}")]
    public static partial void AlreadyRecorded(this ILogger logger, string orderId, long sequence);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "The order audit log is unavailable")]
    public static partial void QueryUnavailable(this ILogger logger, Exception exception);
}
