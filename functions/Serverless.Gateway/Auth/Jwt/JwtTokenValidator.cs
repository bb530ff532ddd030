using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>
/// Validates bearer tokens for the route policies, without ASP.NET's authentication middleware: signature with an
/// asymmetric algorithm from the allow-list, issuer, audience and lifetime (with bounded clock skew, on the injected
/// <see cref="TimeProvider"/>), then maps the claims to a <see cref="CallerIdentity"/>.
/// </summary>
/// <remarks>
/// <para>
/// Keys come from discovery (cached, refreshed in the background every <see cref="JwtOptions.MetadataRefreshInterval"/>)
/// or from <see cref="JwtOptions.SigningKeys"/>. A token naming an unknown <c>kid</c> triggers one refresh, throttled by
/// <see cref="JwtOptions.MinimumRefreshInterval"/>, and is then checked against the new keys, so a key rotation at the
/// identity provider is picked up without a restart.
/// </para>
/// <para>
/// Validated tokens are cached by their SHA-256 (see <see cref="JwtOptions.ValidationCacheSize"/>) until they expire,
/// for at most 5 minutes: a repeated token costs a hash and a dictionary look-up instead of parsing and a signature
/// check. The trade-off: a token already accepted keeps being accepted for up to those 5 minutes after its key is
/// withdrawn at the identity provider. The bound is small next to the key cache itself, which only notices withdrawn
/// keys at its next refresh, and tokens cannot be revoked before they expire in any case. The cache keeps a digest and
/// the identity with the token's claims as text, never the token: about 100 bytes plus the claims, a few hundred bytes
/// for a typical access token.
/// </para>
/// <para>Options are read once: changing <c>Auth:Jwt</c> takes a restart.</para>
/// </remarks>
public sealed class JwtTokenValidator : IDisposable
{
    private const string CriticalHeader = "crit";
    private static readonly TimeSpan MaxCacheDuration = TimeSpan.FromMinutes(5);

    private readonly JwtOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JwtTokenValidator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly HashSet<string> _algorithms;
    private readonly ISigningKeySource? _keys;
    private readonly TokenIdentityReader _identities;
    private readonly ExpiringCache<TokenDigest, CallerIdentity>? _cache;
    private long _tokensChecked;

    /// <exception cref="OptionsValidationException">The options are enabled but invalid (when constructed outside DI, where start-up validation did not run).</exception>
    public JwtTokenValidator(IOptions<JwtOptions> options, TimeProvider timeProvider, ILogger<JwtTokenValidator> logger)
    {
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _algorithms = new HashSet<string>(_options.ValidAlgorithms, StringComparer.Ordinal);
        _identities = new TokenIdentityReader(_options);
        if (!_options.Enabled)
        {
            return;
        }

        var errors = JwtOptionsValidator.Errors(_options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(JwtOptions.SectionName, typeof(JwtOptions), errors);
        }

        _cache = _options.ValidationCacheSize > 0 ? new ExpiringCache<TokenDigest, CallerIdentity>(_options.ValidationCacheSize) : null;
        _keys = CreateKeySource(CreateTemplate());
    }

    /// <summary>
    /// How many tokens this instance has handed to the signature, issuer, audience and lifetime checks; repeats answered
    /// from the validation cache, and tokens refused before (malformed, algorithm, unknown key), do not count. For
    /// diagnostics and tests.
    /// </summary>
    public long TokensChecked => Interlocked.Read(ref _tokensChecked);

    /// <summary>Validates a bearer token (the value after <c>Bearer </c>).</summary>
    /// <returns>The caller's identity, or a failure; never throws for a bad token.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while keys were being fetched.</exception>
    public async ValueTask<JwtValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (_keys is not { } keySource)
        {
            return JwtFailures.Disabled;
        }

        if (string.IsNullOrEmpty(token))
        {
            return JwtFailures.NotAJwt;
        }

        var digest = _cache is null ? default : TokenDigest.Compute(token);
        if (_cache is not null && _cache.TryGet(digest, _time.GetUtcNow(), out var cached))
        {
            return JwtValidationResult.Success(cached);
        }

        var result = await ValidateUncachedAsync(keySource, token, digest, cancellationToken);
        if (!result.Succeeded)
        {
            JwtLog.TokenRejected(_logger, result.Failure);
        }

        return result;
    }

    private async ValueTask<JwtValidationResult> ValidateUncachedAsync(ISigningKeySource keySource, string token, TokenDigest digest, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or OverflowException)
        {
            // IdentityModel throws FormatException (IDX10400) for segments that are not base64url, not only ArgumentException.
            return JwtFailures.NotAJwt;
        }

        if (jwt.IsEncrypted)
        {
            return JwtFailures.Encrypted;
        }

        // RFC 7515 4.1.11: a recipient must refuse critical parameters it does not understand, and this gateway understands none.
        if (jwt.TryGetHeaderValue<object>(CriticalHeader, out _))
        {
            return JwtFailures.CriticalHeader;
        }

        // Checked before any key is touched: 'none' and HMAC (key confusion with a public key) never reach signature validation.
        if (!_algorithms.Contains(jwt.Alg))
        {
            return JwtFailures.AlgorithmNotAllowed(jwt.Alg, _options.ValidAlgorithms);
        }

        if (await keySource.GetAsync(cancellationToken) is not { } keys)
        {
            return JwtFailures.KeysUnavailable;
        }

        if (!string.IsNullOrEmpty(jwt.Kid) && !keys.HasKey(jwt.Kid))
        {
            keys = await keySource.RefreshAsync(keys, cancellationToken);
            if (!keys.HasKey(jwt.Kid))
            {
                return JwtFailures.UnknownSigningKey(jwt.Kid);
            }
        }

        Interlocked.Increment(ref _tokensChecked);
        var validation = await _handler.ValidateTokenAsync(jwt, keys.Parameters);
        if (!validation.IsValid)
        {
            return JwtFailures.FromException(validation.Exception, jwt);
        }

        var identity = _identities.Read(jwt);
        if (identity.Identity is { } caller && _cache is not null)
        {
            var now = _time.GetUtcNow();
            var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
            _cache.Add(digest, caller, expires < now + MaxCacheDuration ? expires : now + MaxCacheDuration);
        }

        return identity;
    }

    public void Dispose() => _keys?.Dispose();

    private TokenValidationParameters CreateTemplate() => new()
    {
        ValidAlgorithms = _options.ValidAlgorithms,
        ValidAudiences = _options.ValidAudiences,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = ValidateLifetime,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireAudience = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,

        // Issuer, audience and lifetime are cheap; checking them first spares the signature check for expired tokens.
        ValidateSignatureLast = true,

        // Only reached for tokens without a kid (a kid must name a known key, checked above); key sets are small.
        TryAllIssuerSigningKeys = true,
        LogValidationExceptions = false,
    };

    /// <summary>
    /// The library's own lifetime rules, restated on the injected clock: <c>TokenValidationParameters.TimeProvider</c> is
    /// not public in IdentityModel 8.23, and the validation cache must agree with this check on what "now" is.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return (notBefore, expires) switch
        {
            (_, null) => throw new SecurityTokenNoExpirationException("The token has no expiry."),
            ({ } nbf, { } exp) when nbf > exp => throw new SecurityTokenInvalidLifetimeException("The token expires before it becomes valid.")
            {
                NotBefore = nbf,
                Expires = exp,
            },
            ({ } nbf, _) when nbf > now + parameters.ClockSkew => throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = nbf },
            (_, { } exp) when exp < now - parameters.ClockSkew => throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp },
            _ => true,
        };
    }

    private ISigningKeySource CreateKeySource(TokenValidationParameters template)
    {
        if (_options.SigningKeys.Count == 0)
        {
            return new DiscoverySigningKeySource(_options, template, _time, _logger);
        }

        var keys = _options.SigningKeys.Select(json => ConfiguredSigningKeys.TryParse(json, out var key, out _) ? key : null).OfType<JsonWebKey>();
        var set = SigningKeySet.Create(keys, _options.ValidIssuers, template, DateTimeOffset.MaxValue);
        JwtLog.UsingConfiguredKeys(_logger, set.Count);
        return new ConfiguredSigningKeySource(set);
    }
}
