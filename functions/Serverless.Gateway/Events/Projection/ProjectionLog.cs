namespace Serverless.Gateway.Events.Projection;

/// <summary>Log events of the order projection and its query, ids 5100-5199.</summary>
internal static partial class ProjectionLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Projection of order {OrderId} now at sequence {Sequence} ({Status})")]
    public static partial void Applied(this ILogger logger, string orderId, long sequence, string status);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Projection of order {OrderId} ignored event {Sequence}, already at {Current} ({Outcome})")]
    public static partial void NotApplied(this ILogger logger, string orderId, long sequence, long current, EventOutcome outcome);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Projection of order {OrderId} changed while applying event {Sequence}, attempt {Attempt}; deciding again")]
    public static partial void Conflict(this ILogger logger, string orderId, long sequence, int attempt);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "The order projection is unavailable")]
    public static partial void QueryUnavailable(this ILogger logger, Exception exception);
}
