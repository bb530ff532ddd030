using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>Reads a configured signing key: the PEM text of an ECDSA P-256 private key. Errors say what is wrong, never what the key is.</summary>
internal static class SigningKeyPem
{
    private static readonly string P256 = ECCurve.NamedCurves.nistP256.Oid.Value!;

    public static bool TryLoad(string pem, [NotNullWhen(true)] out ECDsa? key, [NotNullWhen(false)] out string? error)
    {
        var ecdsa = ECDsa.Create();
        error = Import(ecdsa, pem);
        if (error is not null)
        {
            ecdsa.Dispose();
            key = null;
            return false;
        }

        key = ecdsa;
        return true;
    }

    private static string? Import(ECDsa ecdsa, string pem)
    {
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (ArgumentException) when (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            return "is an encrypted private key; configure it unencrypted (Key Vault protects it in Azure).";
        }
        catch (ArgumentException) when (pem.Contains("RSA PRIVATE KEY", StringComparison.Ordinal))
        {
            return "is an RSA key; ES256 needs an ECDSA P-256 private key.";
        }
        catch (ArgumentException)
        {
            return "is not the PEM text of a private key; give the whole text from -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN EC PRIVATE KEY----- (SEC1) to its END line.";
        }
        catch (CryptographicException)
        {
            return "is not an ECDSA key; ES256 needs an ECDSA P-256 private key.";
        }

        ECParameters parameters;
        try
        {
            parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            return "holds only a public key; the gateway signs, so it needs the private key.";
        }

        try
        {
            var curve = parameters.Curve;
            return curve.IsNamed && curve.Oid.Value == P256
                ? null
                : $"is an ECDSA key on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(explicit parameters)"}; ES256 needs P-256 (also called prime256v1 or secp256r1).";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }
}
