namespace Serverless.Gateway.Composite;

/// <summary>The composite step's log messages.</summary>
internal static partial class CompositeLog
{
    [LoggerMessage(EventId = 1150, Level = LogLevel.Warning, Message = "Composite route {Route} answered without part {Part}: backend {Backend} failed with {Code} ({Status})")]
    public static partial void PartFailed(ILogger logger, string route, string part, string backend, string code, int status);
}
