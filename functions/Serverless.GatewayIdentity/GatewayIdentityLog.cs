using Microsoft.Extensions.Logging;

namespace Serverless.GatewayIdentity;

/// <summary>
/// Log events of assertion validation, ids 2400-2499. Assertions are never logged; rejections only at Debug, as they
/// are per request.
/// </summary>
internal static partial class GatewayIdentityLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Fetched {KeyCount} gateway signing keys from {JwksUri}")]
    public static partial void KeysFetched(ILogger logger, int keyCount, Uri jwksUri);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Could not fetch the gateway's signing keys from {JwksUri}; identity assertions are refused until a fetch succeeds (next attempt after {RetryAfter})")]
    public static partial void KeysUnavailable(ILogger logger, Uri jwksUri, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Could not refresh the gateway's signing keys from {JwksUri}; the previous keys keep serving")]
    public static partial void KeysRefreshFailed(ILogger logger, Uri jwksUri, Exception exception);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "An identity assertion names an unknown signing key; fetching the keys from {JwksUri} again")]
    public static partial void RefreshingForUnknownKey(ILogger logger, Uri jwksUri);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Debug, Message = "An identity assertion names an unknown signing key; not fetching, the keys were fetched less than {MinimumRefreshInterval} ago")]
    public static partial void RefreshThrottled(ILogger logger, TimeSpan minimumRefreshInterval);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning, Message = "The gateway's key set at {JwksUri} has a key that is not an ES256 P-256 signing key ({Problem}); it is ignored")]
    public static partial void KeyIgnored(ILogger logger, Uri jwksUri, string problem);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Debug, Message = "Identity assertion rejected: {Error}: {Detail}")]
    public static partial void AssertionRejected(ILogger logger, string error, string detail);
}
