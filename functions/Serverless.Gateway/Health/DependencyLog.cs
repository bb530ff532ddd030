namespace Serverless.Gateway.Health;

/// <summary>Log events of dependency health, ids 3400-3499.</summary>
internal static partial class DependencyLog
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "{Dependency} is failing: {Reason}; logged again when it recovers")]
    public static partial void Failing(ILogger logger, string dependency, string reason);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "{Dependency} recovered after {Duration} and {Failures} failed attempts")]
    public static partial void Recovered(ILogger logger, string dependency, TimeSpan duration, long failures);
}
