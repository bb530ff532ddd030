using System.Security.Cryptography;
using System.Text;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>
/// Keys are stored as SHA-256 of a per-key random salt and the secret. The secret has 256 bits of entropy, so a fast
/// hash cannot be brute-forced and keeps verification well under a microsecond; the salt makes equal secrets (which
/// cannot happen by chance) and precomputed tables useless anyway.
/// </summary>
public static class ApiKeyHasher
{
    public const int SaltLength = 16;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        Hash(salt, secret, hash);
        return hash;
    }

    /// <summary>Compares in constant time, so the time taken says nothing about how much of the secret matched.</summary>
    public static bool Verify(ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, ReadOnlySpan<byte> expectedHash)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(salt, secret, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expectedHash);
    }

    private static void Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[SaltLength + ApiKeyFormat.SecretLength];
        if (salt.Length != SaltLength || secret.Length > ApiKeyFormat.SecretLength)
        {
            throw new ArgumentException("Salt or secret has the wrong length.");
        }

        salt.CopyTo(input);
        var written = Encoding.ASCII.GetBytes(secret, input[SaltLength..]);
        SHA256.HashData(input[..(SaltLength + written)], destination);
    }
}
