namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Why a bearer token was not accepted; <see cref="JwtValidationResult.Description"/> says it in words.</summary>
public enum JwtFailure
{
    None,

    /// <summary><c>Auth:Jwt:Enabled</c> is false, so no token is accepted.</summary>
    Disabled,

    /// <summary>Not a compact JWS, encrypted, or missing <c>exp</c>.</summary>
    Malformed,

    /// <summary>The <c>alg</c> header is not in the allow-list: <c>none</c>, any HMAC algorithm, or one not configured.</summary>
    AlgorithmNotAllowed,

    /// <summary>The <c>kid</c> names no key the issuer publishes, even after refreshing its keys.</summary>
    UnknownSigningKey,

    /// <summary>The signature does not verify.</summary>
    InvalidSignature,

    /// <summary>Past <c>exp</c> plus the clock skew.</summary>
    Expired,

    /// <summary>Before <c>nbf</c> minus the clock skew.</summary>
    NotYetValid,

    /// <summary>The <c>iss</c> claim is not an accepted issuer.</summary>
    InvalidIssuer,

    /// <summary>The <c>aud</c> claim names none of the accepted audiences.</summary>
    InvalidAudience,

    /// <summary>The tenant or subject claim is missing.</summary>
    MissingClaim,

    /// <summary>
    /// The tenant, subject, plan or a scope cannot be passed to a backend as a header value: it holds a control
    /// character, starts or ends with a space, or (a scope) contains one.
    /// </summary>
    InvalidClaim,

    /// <summary>Any other validation failure.</summary>
    Invalid,

    /// <summary>
    /// The identity provider's keys could not be fetched, so the token could not be checked: a server-side problem
    /// (answer 503), not the caller's fault.
    /// </summary>
    KeysUnavailable,
}
