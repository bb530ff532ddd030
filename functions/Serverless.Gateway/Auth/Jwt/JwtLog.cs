namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Log events of JWT validation, ids 2100-2199. Tokens are never logged; rejections only at Debug, as they are per request.</summary>
internal static partial class JwtLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Fetched {KeyCount} signing keys from {MetadataAddress}")]
    public static partial void KeysFetched(ILogger logger, int keyCount, string metadataAddress);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Could not fetch signing keys from {MetadataAddress}; bearer tokens are refused until a fetch succeeds (next attempt after {RetryAfter})")]
    public static partial void KeysUnavailable(ILogger logger, string metadataAddress, TimeSpan retryAfter, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not refresh signing keys from {MetadataAddress}; the previous keys keep serving")]
    public static partial void KeysRefreshFailed(ILogger logger, string metadataAddress, Exception exception);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "A token names an unknown signing key; refreshing keys from {MetadataAddress}")]
    public static partial void RefreshingForUnknownKey(ILogger logger, string metadataAddress);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "A token names an unknown signing key; not refreshing, keys were fetched less than {MinimumRefreshInterval} ago")]
    public static partial void RefreshThrottled(ILogger logger, TimeSpan minimumRefreshInterval);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Validating bearer tokens with {KeyCount} configured signing keys; discovery is off")]
    public static partial void UsingConfiguredKeys(ILogger logger, int keyCount);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "Bearer token rejected: {Failure}")]
    public static partial void TokenRejected(ILogger logger, JwtFailure failure);
}
