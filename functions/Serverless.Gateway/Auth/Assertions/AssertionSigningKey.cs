using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>One P-256 signing key: what signs with it, and the public coordinates the JWKS publishes.</summary>
internal sealed class AssertionSigningKey
{
    public AssertionSigningKey(string id, ECDsa key)
    {
        Id = id;
        Credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = id }, SecurityAlgorithms.EcdsaSha256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        X = Base64Url.EncodeToString(point.X);
        Y = Base64Url.EncodeToString(point.Y);
    }

    /// <summary>The <c>kid</c>.</summary>
    public string Id { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>The public point's x coordinate, base64url.</summary>
    public string X { get; }

    /// <summary>The public point's y coordinate, base64url.</summary>
    public string Y { get; }

    /// <summary>A new random key that exists only in this process.</summary>
    public static AssertionSigningKey CreateEphemeral() =>
        new($"ephemeral-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}", ECDsa.Create(ECCurve.NamedCurves.nistP256));
}
