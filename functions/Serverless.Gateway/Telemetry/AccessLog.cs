namespace Serverless.Gateway.Telemetry;

/// <summary>
/// The access log: one record per request on routes with <c>AccessLog</c> on, ids 1200-1201, in a category of its own
/// that appsettings.json enables at Information whatever the default level (docs/operations.md lists the fields).
/// </summary>
public static partial class AccessLog
{
    public const string Category = "Serverless.Gateway.AccessLog";

    public const int ServedEventId = 1200;
    public const int ThrottledEventId = 1201;

    /// <summary>A request the gateway answered, forwarded or not, that no rate limit or quota refused.</summary>
    [LoggerMessage(EventId = ServedEventId, EventName = "Access", Level = LogLevel.Information,
        Message = "{Method} {Route} {Status} in {LatencyMs} ms; tenant {Tenant}, subject {Subject}, destination {Destination}, retries {Retries}, problem {ProblemCode}, bytes in {BytesIn}, out {BytesOut}")]
    public static partial void Served(
        ILogger logger, string method, string route, int status, double latencyMs, string tenant, string subject, string destination, int retries,
        string problemCode, long bytesIn, long bytesOut);

    /// <summary>A request a rate limit or quota refused (429, or 503 when the limiter cannot decide), with why.</summary>
    [LoggerMessage(EventId = ThrottledEventId, EventName = "AccessThrottled", Level = LogLevel.Information,
        Message = "{Method} {Route} {Status} in {LatencyMs} ms; tenant {Tenant}, subject {Subject}, problem {ProblemCode}: {LimitKind} {Policy} allows {Limit} per {Window}; this instance's allowance {Allowance}, admitted {Admitted}, limiter {Limiter}; destination {Destination}, retries {Retries}, bytes in {BytesIn}, out {BytesOut}")]
    public static partial void Throttled(
        ILogger logger, string method, string route, int status, double latencyMs, string tenant, string subject, string problemCode,
        string limitKind, string policy, long limit, TimeSpan window, long allowance, long admitted, string? limiter, string destination, int retries,
        long bytesIn, long bytesOut);
}
