using System.Diagnostics.CodeAnalysis;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Jwt;

/// <summary>Reads <see cref="JwtOptions.SigningKeys"/>: one public RSA or EC JSON Web Key per entry.</summary>
internal static class ConfiguredSigningKeys
{
    public static bool TryParse(string json, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        JsonWebKey parsed;
        try
        {
            parsed = new JsonWebKey(json);
        }
        catch (ArgumentException)
        {
            error = "is not a JSON Web Key; give one JWK object as a JSON string, e.g. {\"kty\":\"RSA\",\"kid\":\"dev-1\",\"n\":\"...\",\"e\":\"AQAB\"}.";
            return false;
        }

        error = parsed switch
        {
            { Kty: JsonWebAlgorithmsKeyTypes.Octet } => "is a symmetric (oct) key; only public RSA or EC keys are accepted.",
            { HasPrivateKey: true } => "contains private key material; configure the public key only.",
            { Use: { Length: > 0 } use } when use != JsonWebKeyUseNames.Sig => $"has use '{use}'; signing keys need use 'sig' or none.",
            { Kty: JsonWebAlgorithmsKeyTypes.RSA } when string.IsNullOrEmpty(parsed.N) || string.IsNullOrEmpty(parsed.E) =>
                "is an RSA key without its modulus (n) and exponent (e).",
            { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } when parsed.Crv is not ("P-256" or "P-384" or "P-521")
                || string.IsNullOrEmpty(parsed.X) || string.IsNullOrEmpty(parsed.Y) =>
                "is an EC key without crv (P-256, P-384 or P-521), x and y.",
            { Kty: JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve } => null,
            _ => $"has key type '{parsed.Kty}'; only RSA and EC keys are accepted.",
        };

        key = error is null ? parsed : null;
        return error is null;
    }

    /// <summary>Whether a key published by an identity provider can verify an asymmetric signature; anything else is ignored.</summary>
    public static bool IsAsymmetric(SecurityKey key) => key switch
    {
        JsonWebKey jwk => jwk.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve,
        RsaSecurityKey or ECDsaSecurityKey or X509SecurityKey => true,
        _ => false,
    };
}
