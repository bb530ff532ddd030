using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// Stands in for the identity provider: an RSA 2048 and a P-256 key, their public halves as the JSON Web Keys
/// <c>Auth:Jwt:SigningKeys</c> takes, and access tokens shaped like Entra ID's v2.0 ones, so no discovery or key fetch
/// happens while tokens are validated.
/// </summary>
public sealed class BenchTokenIssuer : IDisposable
{
    public const string Issuer = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
    public const string Audience = "api://serverless-gateway";

    private const string RsaKeyId = "bench-rsa";
    private const string EcKeyId = "bench-ec";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The public keys, one JWK JSON string each.</summary>
    public IReadOnlyList<string> PublicJwks()
    {
        var rsa = _rsa.ExportParameters(includePrivateParameters: false);
        var ec = _ec.ExportParameters(includePrivateParameters: false);
        return
        [
            Jwk(new() { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = RsaKeyId, ["n"] = Encode(rsa.Modulus), ["e"] = Encode(rsa.Exponent) }),
            Jwk(new() { ["kty"] = "EC", ["use"] = "sig", ["kid"] = EcKeyId, ["crv"] = "P-256", ["x"] = Encode(ec.Q.X), ["y"] = Encode(ec.Q.Y) }),
        ];
    }

    /// <summary>A token valid for an hour, signed with RS256 or ES256.</summary>
    public string CreateToken(string algorithm)
    {
        var credentials = algorithm switch
        {
            SecurityAlgorithms.RsaSha256 => new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = RsaKeyId }, algorithm),
            SecurityAlgorithms.EcdsaSha256 => new SigningCredentials(new ECDsaSecurityKey(_ec) { KeyId = EcKeyId }, algorithm),
            _ => throw new NotSupportedException($"The benchmark issuer signs with RS256 or ES256, not {algorithm}."),
        };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
                ["oid"] = "00000000-0000-0000-66f3-3332eca7ea81",
                ["tid"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
                ["azp"] = "6e74172b-be56-4843-9ff4-e66a39bb12e3",
                ["ver"] = "2.0",
                ["scp"] = "orders:read orders:write",
            },
        });
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }

    private static string Jwk(Dictionary<string, string> members) => JsonSerializer.Serialize(members);

    private static string Encode(byte[]? value) => Base64Url.EncodeToString(value);
}
