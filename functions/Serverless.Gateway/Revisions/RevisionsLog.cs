namespace Serverless.Gateway.Revisions;

internal static partial class RevisionsLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Configuration revision {Revision} applied (published by {PublishedBy} at {PublishedAt:u}: {PublishMessage}); it owns {Sections}")]
    public static partial void Applied(this ILogger logger, long revision, string publishedBy, DateTimeOffset publishedAt, string publishMessage, string sections);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Configuration revision {Revision} is live but was rejected ({ErrorCount} errors); {Serving} keeps serving:\n{Errors}")]
    public static partial void Rejected(this ILogger logger, long revision, int errorCount, string serving, string errors);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "The live configuration revision could not be read from table {Table}; {Serving} keeps serving until it can: {Reason}")]
    public static partial void ReadFailed(this ILogger logger, string table, string serving, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "The live configuration revision can be read from table {Table} again")]
    public static partial void ReadRecovered(this ILogger logger, string table);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Configuration revisions are polled from table {Table} every {PollInterval}; no revision is live yet, so the bootstrap configuration serves")]
    public static partial void NoneLive(this ILogger logger, string table, TimeSpan pollInterval);
}
