using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Failure results with descriptions a developer can act on. Values taken from the token are quoted only after being
/// cut short and reduced to RFC 6750's <c>error_description</c> characters, so they cannot break a header.
/// </summary>
internal static class JwtFailures
{
    private const int MaxQuotedLength = 80;

    public static readonly JwtValidationResult Disabled = JwtValidationResult.Fail(JwtFailure.Disabled,
        "Bearer tokens are not accepted: JWT validation is not enabled on this gateway.");

    public static readonly JwtValidationResult NotAJwt = JwtValidationResult.Fail(JwtFailure.Malformed,
        "The bearer token is not a well-formed JWT (compact JWS).");

    public static readonly JwtValidationResult Encrypted = JwtValidationResult.Fail(JwtFailure.Malformed,
        "The bearer token is encrypted (JWE); only signed tokens (JWS) are accepted.");

    public static readonly JwtValidationResult CriticalHeader = JwtValidationResult.Fail(JwtFailure.Malformed,
        "The token has critical header parameters (crit), and this gateway understands none of them.");

    public static readonly JwtValidationResult KeysUnavailable = JwtValidationResult.Fail(JwtFailure.KeysUnavailable,
        "The identity provider's signing keys could not be retrieved, so the token could not be checked; retry shortly.");

    public static JwtValidationResult AlgorithmNotAllowed(string algorithm, IEnumerable<string> allowed) =>
        JwtValidationResult.Fail(JwtFailure.AlgorithmNotAllowed, algorithm == "none"
            ? "The token is not signed (alg 'none'); unsigned tokens are never accepted."
            : $"The token's signing algorithm '{Quote(algorithm)}' is not allowed; accepted: {string.Join(", ", allowed)}.");

    public static JwtValidationResult UnknownSigningKey(string keyId) => JwtValidationResult.Fail(JwtFailure.UnknownSigningKey,
        $"The token is signed with key '{Quote(keyId)}', which the issuer does not publish.");

    /// <summary>Claim values are read from the token: IdentityModel leaves them out of its exceptions unless PII logging is on.</summary>
    public static JwtValidationResult FromException(Exception? exception, JsonWebToken token) => exception switch
    {
        SecurityTokenExpiredException expired => JwtValidationResult.Fail(JwtFailure.Expired,
            $"The token expired at {Time(expired.Expires)}."),
        SecurityTokenNotYetValidException early => JwtValidationResult.Fail(JwtFailure.NotYetValid,
            $"The token is not valid before {Time(early.NotBefore)}."),
        SecurityTokenNoExpirationException => JwtValidationResult.Fail(JwtFailure.Malformed,
            "The token has no expiry (exp claim)."),
        SecurityTokenInvalidLifetimeException => JwtValidationResult.Fail(JwtFailure.Malformed,
            "The token's lifetime is invalid: it expires before it becomes valid."),
        SecurityTokenInvalidIssuerException => JwtValidationResult.Fail(JwtFailure.InvalidIssuer,
            $"The token's issuer '{Quote(token.Issuer)}' is not accepted."),
        SecurityTokenInvalidAudienceException => JwtValidationResult.Fail(JwtFailure.InvalidAudience,
            $"The token's audience '{Quote(string.Join(", ", token.Audiences))}' is not accepted."),
        SecurityTokenInvalidAlgorithmException => JwtValidationResult.Fail(JwtFailure.AlgorithmNotAllowed,
            $"The token's signing algorithm '{Quote(token.Alg)}' is not allowed."),
        SecurityTokenSignatureKeyNotFoundException => JwtValidationResult.Fail(JwtFailure.InvalidSignature,
            "The token's signature does not match any of the issuer's keys."),
        SecurityTokenInvalidSignatureException => JwtValidationResult.Fail(JwtFailure.InvalidSignature,
            "The token's signature is invalid."),
        ArgumentException => NotAJwt,
        _ => JwtValidationResult.Fail(JwtFailure.Invalid, "The token could not be validated."),
    };

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var quoted = value.Length > MaxQuotedLength ? value[..MaxQuotedLength] + "..." : value;
        return string.Create(quoted.Length, quoted, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?';
            }
        });
    }
}
