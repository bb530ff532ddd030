namespace Serverless.Gateway.Auth.Assertions;

/// <summary>Log events of identity assertion signing, ids 2300-2399. Neither keys nor assertions are ever logged.</summary>
internal static partial class AssertionsLog
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "No signing key is configured under Auth:IdentityAssertion:SigningKeys; identity assertions are signed with an ephemeral P-256 key (kid {KeyId}) generated at start-up and held only in memory. Every instance and every restart has its own: configure a key for anything but a single local instance")]
    public static partial void EphemeralKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Identity assertions are signed with key {ActiveKeyId}; {KeyCount} keys are published at /.well-known/jwks.json")]
    public static partial void SigningWith(ILogger logger, string activeKeyId, int keyCount);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Auth:IdentityAssertion change rejected ({ErrorCount} errors); the previous signing keys keep serving:\n{Errors}")]
    public static partial void ChangeRejected(ILogger logger, int errorCount, string errors);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "Route {RouteId} forwards to backend {Backend}, which receives identity assertions, but no signing key is configured: its requests go without one and the backend will refuse them")]
    public static partial void NoSigningKey(ILogger logger, string routeId, string backend);
}
