using System.Buffers.Text;
using System.Security.Cryptography;

namespace Serverless.Gateway.Tests.Auth.Assertions;

/// <summary>A P-256 key generated at test time, with the forms configuration and a JWKS take. Nothing is ever written to disk.</summary>
public sealed class TestSigningKey(string id) : IDisposable
{
    public string Id { get; } = id;

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>PKCS#8, <c>BEGIN PRIVATE KEY</c>.</summary>
    public string Pkcs8Pem => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>SEC1, <c>BEGIN EC PRIVATE KEY</c>.</summary>
    public string Sec1Pem => Key.ExportECPrivateKeyPem();

    public string X => Base64Url.EncodeToString(Key.ExportParameters(false).Q.X);

    public string Y => Base64Url.EncodeToString(Key.ExportParameters(false).Q.Y);

    /// <summary>The private scalar, base64url: what must never appear anywhere public.</summary>
    public string D
    {
        get
        {
            var parameters = Key.ExportParameters(true);
            return Base64Url.EncodeToString(parameters.D);
        }
    }

    /// <summary>The public key as a JWK, as the gateway publishes it.</summary>
    public Dictionary<string, string> PublicJwk() => new()
    {
        ["kty"] = "EC", ["crv"] = "P-256", ["x"] = X, ["y"] = Y, ["kid"] = Id, ["use"] = "sig", ["alg"] = "ES256",
    };

    /// <summary>Settings that make this the <paramref name="index"/>th signing key of the gateway.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(int index, bool sec1 = false) =>
    [
        new($"Auth:IdentityAssertion:SigningKeys:{index}:Id", Id),
        new($"Auth:IdentityAssertion:SigningKeys:{index}:PrivateKeyPem", sec1 ? Sec1Pem : Pkcs8Pem),
    ];

    public void Dispose() => Key.Dispose();
}
