using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.GatewayIdentity;

/// <summary>
/// Checks the gateway's identity assertion (the <see cref="GatewayAssertion.HeaderName"/> header) and yields the caller
/// it states. Accepts only a compact JWS with <c>alg</c> ES256, <c>typ</c> <see cref="GatewayAssertion.TokenType"/>, a
/// <c>kid</c> naming one of the gateway's published keys and a signature that key verifies; then the configured issuer
/// and audience, <c>exp</c> and <c>nbf</c> within the clock skew (on the injected <see cref="TimeProvider"/>), and
/// <c>sub</c> and <c>tid</c>.
/// </summary>
/// <remarks>
/// <para>
/// Keys are fetched from <see cref="GatewayAssertionValidationOptions.JwksUri"/> with the named
/// <see cref="HttpClient"/> <see cref="HttpClientName"/>, cached, and replaced in the background every
/// <see cref="GatewayAssertionValidationOptions.KeysRefreshInterval"/>. An assertion naming an unknown <c>kid</c> fetches
/// them again at once (the gateway has a new key), at most once per
/// <see cref="GatewayAssertionValidationOptions.MinimumKeysRefreshInterval"/>. Until the first fetch succeeds every
/// assertion is refused with <see cref="GatewayAssertionResult.KeysUnavailable"/> (fail closed), and the next call after
/// that interval tries again.
/// </para>
/// <para>Register it with <see cref="GatewayIdentityServiceCollectionExtensions.AddGatewayAssertionValidation"/>, as a singleton: the key cache lives in it.</para>
/// </remarks>
public sealed class GatewayAssertionValidator : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> that fetches the keys, for callers who want to configure it further.</summary>
    public const string HttpClientName = "Serverless.GatewayIdentity.Jwks";

    /// <summary>
    /// Longer assertions are refused unread. The gateway's are a few hundred characters; this leaves room for hundreds
    /// of scopes while a megabyte of garbage costs nothing.
    /// </summary>
    public const int MaxAssertionLength = 16 * 1024;

    private static readonly GatewayAssertionResult Missing = Fail(GatewayAssertionResult.MissingAssertion, "No identity assertion was sent.");
    private static readonly GatewayAssertionResult NotAJwt = Fail(GatewayAssertionResult.MalformedAssertion, "The identity assertion is not a well-formed JWT (compact JWS).");
    private static readonly GatewayAssertionResult Unavailable = Fail(GatewayAssertionResult.KeysUnavailable,
        "The gateway's signing keys could not be fetched, so the identity assertion could not be checked.");

    private readonly GatewayAssertionValidationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayKeySource _keys;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <exception cref="OptionsValidationException">The options are invalid (when constructed outside DI, where start-up validation did not run).</exception>
    public GatewayAssertionValidator(
        IOptions<GatewayAssertionValidationOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<GatewayAssertionValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new DataAnnotationValidateOptions<GatewayAssertionValidationOptions>(Options.DefaultName).Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GatewayAssertionValidationOptions), validation.Failures);
        }

        _time = timeProvider;
        _logger = logger;
        _keys = new GatewayKeySource(_options, CreateTemplate(_options), httpClientFactory, timeProvider, logger);
    }

    /// <summary>Checks an assertion, the value of the <see cref="GatewayAssertion.HeaderName"/> header.</summary>
    /// <returns>The caller, or why not; never throws for any <paramref name="token"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the keys were being fetched.</exception>
    public async ValueTask<GatewayAssertionResult> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(token, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            GatewayIdentityLog.AssertionRejected(_logger, result.Error, result.Detail);
        }

        return result;
    }

    public void Dispose() => _keys.Dispose();

    private async ValueTask<GatewayAssertionResult> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Missing;
        }

        if (token.Length > MaxAssertionLength)
        {
            return Fail(GatewayAssertionResult.MalformedAssertion, $"The identity assertion is longer than {MaxAssertionLength} characters.");
        }

        if (Read(token) is not { } jwt)
        {
            return NotAJwt;
        }

        if (CheckHeader(jwt) is { } refused)
        {
            return refused;
        }

        if (await _keys.GetAsync(cancellationToken).ConfigureAwait(false) is not { } keys)
        {
            return Unavailable;
        }

        if (!keys.HasKey(jwt.Kid))
        {
            keys = await _keys.RefreshAsync(keys, cancellationToken).ConfigureAwait(false);
            if (!keys.HasKey(jwt.Kid))
            {
                return Fail(GatewayAssertionResult.InvalidSignature, "The identity assertion is signed with a key the gateway does not publish.");
            }
        }

        TokenValidationResult validation;
        try
        {
            validation = await _handler.ValidateTokenAsync(jwt, keys.Parameters).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            return Fail(GatewayAssertionResult.InvalidSignature, "The identity assertion's signature could not be verified.");
        }

        return validation.IsValid ? CheckClaims(jwt) : FromException(validation.Exception);
    }

    /// <summary>Null for anything that is not a signed compact JWT; IdentityModel's parser reports every flaw as an <see cref="ArgumentException"/>.</summary>
    private static JsonWebToken? Read(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.IsEncrypted ? null : jwt;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// Everything decided before a key is touched: <c>none</c> and HMAC (the key-confusion attack with the public key)
    /// never reach signature validation, and neither do other kinds of JWT.
    /// </summary>
    private static GatewayAssertionResult? CheckHeader(JsonWebToken jwt)
    {
        if (!string.Equals(jwt.Alg, GatewayAssertion.Algorithm, StringComparison.Ordinal))
        {
            return Fail(GatewayAssertionResult.InvalidSignature, jwt.Alg is "none" or "None" or "NONE" or ""
                ? "The identity assertion is not signed; only ES256 is accepted."
                : $"The identity assertion's signing algorithm is not {GatewayAssertion.Algorithm}, the only one accepted.");
        }

        // RFC 7515 4.1.9: media type names compare case-insensitively.
        if (!string.Equals(jwt.Typ, GatewayAssertion.TokenType, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(GatewayAssertionResult.MalformedAssertion, $"The token is not an identity assertion: its typ is not {GatewayAssertion.TokenType}.");
        }

        // RFC 7515 4.1.11: extensions listed in crit must be understood, and this validator understands none.
        if (jwt.TryGetHeaderValue<object>("crit", out _))
        {
            return Fail(GatewayAssertionResult.MalformedAssertion, "The identity assertion has critical header extensions (crit), which are not supported.");
        }

        return string.IsNullOrEmpty(jwt.Kid)
            ? Fail(GatewayAssertionResult.InvalidSignature, "The identity assertion names no signing key (kid).")
            : null;
    }

    /// <summary>Issuer, audience and signature have passed; the lifetime is checked here on the injected clock.</summary>
    private GatewayAssertionResult CheckClaims(JsonWebToken jwt)
    {
        var now = _time.GetUtcNow();
        if (NumericDate(jwt, GatewayAssertion.ExpiresClaim) is not { } expires)
        {
            return Fail(GatewayAssertionResult.MalformedAssertion, "The identity assertion has no expiry (exp).");
        }

        if (now > expires + _options.ClockSkew)
        {
            return Fail(GatewayAssertionResult.ExpiredAssertion, $"The identity assertion expired at {expires:u}.");
        }

        if (NumericDate(jwt, GatewayAssertion.NotBeforeClaim) is { } notBefore && now + _options.ClockSkew < notBefore)
        {
            return Fail(GatewayAssertionResult.ExpiredAssertion, $"The identity assertion is not valid before {notBefore:u}.");
        }

        var tenant = Text(jwt, GatewayAssertion.TenantClaim);
        var subject = Text(jwt, GatewayAssertion.SubjectClaim);
        if (tenant is not { Length: > 0 } || subject is not { Length: > 0 })
        {
            return Fail(GatewayAssertionResult.MalformedAssertion, "The identity assertion lacks the caller's tenant (tid) or subject (sub).");
        }

        string[] scopes = Text(jwt, GatewayAssertion.ScopeClaim) is { } scope ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var plan = Text(jwt, GatewayAssertion.PlanClaim) ?? string.Empty;
        var scheme = Text(jwt, GatewayAssertion.SchemeClaim) ?? string.Empty;
        return GatewayAssertionResult.Success(new GatewayCaller(tenant, subject, plan, scopes, scheme));
    }

    private static string? Text(JsonWebToken jwt, string claim) =>
        jwt.TryGetPayloadValue<object>(claim, out var value) && value is string text ? text : null;

    /// <summary>RFC 7519's NumericDate: seconds since the epoch, possibly with a fraction; null when absent or not a number in range.</summary>
    private static DateTimeOffset? NumericDate(JsonWebToken jwt, string claim)
    {
        if (!jwt.TryGetPayloadValue<object>(claim, out var value))
        {
            return null;
        }

        double? seconds = value switch
        {
            long whole => whole,
            int small => small,
            double fraction => fraction,
            decimal exact => (double)exact,
            _ => null,
        };
        const double MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        return seconds is { } s && s is >= 0 and <= MaxSeconds ? DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(s)) : null;
    }

    private static GatewayAssertionResult FromException(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => Fail(GatewayAssertionResult.WrongAudience, "The identity assertion was issued for another backend (aud)."),
        SecurityTokenInvalidIssuerException => Fail(GatewayAssertionResult.WrongIssuer, "The identity assertion names another issuer (iss)."),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidAlgorithmException =>
            Fail(GatewayAssertionResult.InvalidSignature, "The identity assertion's signature is invalid."),
        _ => Fail(GatewayAssertionResult.MalformedAssertion, "The identity assertion could not be validated."),
    };

    private static GatewayAssertionResult Fail(string error, string detail) => GatewayAssertionResult.Failure(error, detail);

    private static TokenValidationParameters CreateTemplate(GatewayAssertionValidationOptions options) => new()
    {
        ValidAlgorithms = [GatewayAssertion.Algorithm],
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        RequireAudience = true,
        RequireSignedTokens = true,

        // Checked in CheckClaims on the injected clock: TokenValidationParameters.TimeProvider is not public in IdentityModel 8.23.
        ValidateLifetime = false,
        RequireExpirationTime = false,

        // The kid must name a known key, which CheckAsync ensured; no other key is ever tried.
        TryAllIssuerSigningKeys = false,
        LogValidationExceptions = false,
    };
}
