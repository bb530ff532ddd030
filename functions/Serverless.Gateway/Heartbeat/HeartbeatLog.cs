namespace Serverless.Gateway.Heartbeat;

/// <summary>Log events of the heartbeat functions, ids 3200-3299.</summary>
internal static partial class HeartbeatLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Emitted heartbeat {HeartbeatId} from {Source} (past due: {IsPastDue})")]
    public static partial void Emitted(this ILogger logger, string heartbeatId, string source, bool isPastDue);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Recorded heartbeat {HeartbeatId} from {Source} on delivery {DequeueCount}")]
    public static partial void Recorded(this ILogger logger, string heartbeatId, string source, int dequeueCount);
}
