using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.LocalRun.DevIdentity;

/// <summary>
/// The development identity provider's signing key: an EC P-256 key (ES256) kept as a PKCS#8 PEM file under the
/// repository's git-ignored <c>.local/dev-identity/</c>, created on first use, readable by its owner only. The local
/// run publishes its public half; the <c>token</c> command signs with it, so tokens keep working across restarts.
/// The private key is never printed or logged.
/// </summary>
internal sealed class DevSigningKey : IDisposable
{
    public const string FileName = "signing-key.pem";

    private readonly ECDsa _key;

    private DevSigningKey(ECDsa key)
    {
        _key = key;
        var publicKey = key.ExportParameters(includePrivateParameters: false);
        X = Base64UrlEncoder.Encode(publicKey.Q.X);
        Y = Base64UrlEncoder.Encode(publicKey.Q.Y);
        KeyId = Thumbprint(X, Y);
        SecurityKey = new ECDsaSecurityKey(key)
        {
            KeyId = KeyId,

            // IdentityModel caches signature providers process-wide by key id; a provider cached for an earlier, disposed
            // instance of this same key would then sign with a disposed ECDsa. Signing is rare here, so no cache.
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
    }

    /// <summary>The RFC 7638 JWK thumbprint of the public key: stable for a key, and new when the file is deleted and a key regenerated.</summary>
    public string KeyId { get; }

    /// <summary>The key to sign with; its <see cref="SecurityKey.KeyId"/> becomes each token's <c>kid</c>.</summary>
    public ECDsaSecurityKey SecurityKey { get; }

    /// <summary>The public key's x coordinate, base64url, as a JWK carries it.</summary>
    public string X { get; }

    /// <summary>The public key's y coordinate, base64url, as a JWK carries it.</summary>
    public string Y { get; }

    /// <summary>Loads the key from <paramref name="directory"/>, creating the directory and a new key on first use.</summary>
    public static DevSigningKey LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            Create(directory, path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new DevSigningKey(key);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"'{path}' holds no EC private key in PEM; delete it and a new key is generated.", exception);
        }
    }

    /// <summary>The public key as one JSON Web Key, for the JWKS document.</summary>
    public object PublicJwk() => new Dictionary<string, string>
    {
        ["kty"] = "EC",
        ["crv"] = "P-256",
        ["x"] = X,
        ["y"] = Y,
        ["kid"] = KeyId,
        ["use"] = "sig",
        ["alg"] = SecurityAlgorithms.EcdsaSha256,
    };

    public void Dispose() => _key.Dispose();

    private static void Create(string directory, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = Path.Combine(directory, $"{FileName}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        // Written aside and moved into place, so a local run and a token command starting together never read half a
        // key; whichever moves second keeps the first one's key.
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    private static string Thumbprint(string x, string y)
    {
        // RFC 7638: the required members in lexicographic order, no whitespace.
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
