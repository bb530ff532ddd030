namespace Serverless.Gateway.Forwarding.Canary;

internal static partial class CanaryLog
{
    [LoggerMessage(EventId = 1130, Level = LogLevel.Warning,
        Message = "Canary group {Group} of backend {Backend} rolled back on this instance: {Reason}; its traffic goes to group {Against} until the backend's configuration changes or the process restarts")]
    public static partial void RolledBack(ILogger logger, string backend, string group, string against, string reason);
}
