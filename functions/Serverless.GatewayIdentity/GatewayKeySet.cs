using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.GatewayIdentity;

/// <summary>
/// One fetch of the gateway's keys with the validation parameters built for them. Immutable and replaced whole, so
/// validation reads it without locks and a newer fetch is detected by reference.
/// </summary>
internal sealed class GatewayKeySet
{
    private const int CoordinateLength = 32;

    private readonly FrozenSet<string> _keyIds;

    private GatewayKeySet(List<ECDsaSecurityKey> keys, TokenValidationParameters parameters, DateTimeOffset refreshAfter)
    {
        _keyIds = keys.Select(key => key.KeyId).ToFrozenSet(StringComparer.Ordinal);
        Parameters = parameters;
        RefreshAfter = refreshAfter;
    }

    public int Count => _keyIds.Count;

    /// <summary>The template's checks, with these keys as the only trusted ones.</summary>
    public TokenValidationParameters Parameters { get; }

    /// <summary>When these keys are old enough to be replaced by a background fetch.</summary>
    public DateTimeOffset RefreshAfter { get; }

    public bool HasKey(string keyId) => _keyIds.Contains(keyId);

    /// <summary>
    /// Keeps the keys that are EC P-256 public keys for signing with ES256 and have a <c>kid</c>; anything else is
    /// logged and ignored, so one odd key cannot stop the others from working.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not a JSON Web Key Set.</exception>
    /// <exception cref="InvalidDataException">The set holds no usable key.</exception>
    public static GatewayKeySet Parse(string json, TokenValidationParameters template, DateTimeOffset refreshAfter, Uri source, ILogger logger)
    {
        var keys = new List<ECDsaSecurityKey>();
        foreach (var jwk in new JsonWebKeySet(json).Keys)
        {
            if (Problem(jwk) is { } problem)
            {
                GatewayIdentityLog.KeyIgnored(logger, source, problem);
            }
            else if (TryCreate(jwk) is { } key)
            {
                if (keys.TrueForAll(existing => existing.KeyId != key.KeyId))
                {
                    keys.Add(key);
                }
            }
            else
            {
                GatewayIdentityLog.KeyIgnored(logger, source, $"kid '{jwk.Kid}': x and y are not a point on P-256");
            }
        }

        if (keys.Count == 0)
        {
            throw new InvalidDataException("The key set holds no EC P-256 signing key with a kid.");
        }

        var parameters = template.Clone();
        parameters.IssuerSigningKeys = keys;
        return new GatewayKeySet(keys, parameters, refreshAfter);
    }

    private static string? Problem(JsonWebKey jwk) => jwk switch
    {
        { Kty: not JsonWebAlgorithmsKeyTypes.EllipticCurve } => $"key type '{jwk.Kty}'",
        { Crv: not JsonWebKeyECTypes.P256 } => $"curve '{jwk.Crv}'",
        { Use: { Length: > 0 } use } when use != JsonWebKeyUseNames.Sig => $"use '{use}'",
        { Alg: { Length: > 0 } alg } when alg != GatewayAssertion.Algorithm => $"alg '{alg}'",
        { Kid: null or "" } => "no kid",
        { X: null or "" } or { Y: null or "" } => $"kid '{jwk.Kid}' without x and y",
        _ => null,
    };

    private static ECDsaSecurityKey? TryCreate(JsonWebKey jwk)
    {
        try
        {
            var point = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) };
            if (point.X.Length != CoordinateLength || point.Y.Length != CoordinateLength)
            {
                return null;
            }

            // Importing checks that the point is on the curve: an invalid-curve point never reaches verification.
            return new ECDsaSecurityKey(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point })) { KeyId = jwk.Kid };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }
}
