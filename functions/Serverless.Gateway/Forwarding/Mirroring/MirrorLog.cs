namespace Serverless.Gateway.Forwarding.Mirroring;

internal static partial class MirrorLog
{
    [LoggerMessage(EventId = 1170, Level = LogLevel.Debug, Message = "Shadow copy of route {Route} to backend {Backend} failed")]
    public static partial void ShadowFailed(ILogger logger, string route, string backend, Exception exception);

    [LoggerMessage(EventId = 1171, Level = LogLevel.Debug, Message = "Shadow copy of route {Route} to backend {Backend} timed out after {Timeout}")]
    public static partial void ShadowTimedOut(ILogger logger, string route, string backend, TimeSpan timeout);
}
