using System.Diagnostics.CodeAnalysis;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>The outcome of validating a bearer token: the caller's identity, or why not.</summary>
public readonly record struct JwtValidationResult
{
    /// <summary>RFC 6750 error code for any token the caller must replace.</summary>
    public const string InvalidTokenError = "invalid_token";

    /// <summary>Error code when the token could not be checked at all (RFC 6749's code for a temporary server condition).</summary>
    public const string TemporarilyUnavailableError = "temporarily_unavailable";

    private JwtValidationResult(CallerIdentity? identity, JwtFailure failure, string? description)
    {
        Identity = identity;
        Failure = failure;
        Description = description;
    }

    /// <summary>The caller, with <see cref="CallerIdentity.BearerScheme"/>; null on failure.</summary>
    public CallerIdentity? Identity { get; }

    [MemberNotNullWhen(true, nameof(Identity))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Description))]
    public bool Succeeded => Identity is not null;

    public JwtFailure Failure { get; }

    /// <summary><see cref="InvalidTokenError"/> or <see cref="TemporarilyUnavailableError"/>; null on success.</summary>
    public string? Error => Failure switch
    {
        JwtFailure.None => null,
        JwtFailure.KeysUnavailable => TemporarilyUnavailableError,
        _ => InvalidTokenError,
    };

    /// <summary>
    /// What was wrong, for the caller's developer; never contains the token. Restricted to RFC 6750's
    /// <c>error_description</c> characters (printable ASCII without <c>"</c> and <c>\</c>), so it can go into a
    /// <c>WWW-Authenticate</c> header as it is.
    /// </summary>
    public string? Description { get; }

    public static JwtValidationResult Success(CallerIdentity identity) => new(identity, JwtFailure.None, null);

    public static JwtValidationResult Fail(JwtFailure failure, string description) => new(null, failure, description);
}
