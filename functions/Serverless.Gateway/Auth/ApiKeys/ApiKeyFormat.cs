using System.Security.Cryptography;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>
/// API keys look like <c>sgw_&lt;key id&gt;_&lt;secret&gt;</c>: a fixed prefix secret scanners can match on
/// (<c>sgw_[a-z2-7]{16}_[a-z2-7]{52}</c>), a public key id for look-up, and 256 random bits of secret.
/// Lower-case base32 keeps the key free of characters that need escaping in headers, URLs or shells.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "sgw_";
    public const int KeyIdLength = 16;
    public const int SecretLength = 52;
    public const int Length = 4 + KeyIdLength + 1 + SecretLength;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string NewKeyId() => Base32(RandomNumberGenerator.GetBytes(10));

    public static string NewSecret() => Base32(RandomNumberGenerator.GetBytes(32))[..SecretLength];

    public static string Compose(string keyId, string secret) => $"{Prefix}{keyId}_{secret}";

    /// <summary>Splits a presented key without allocating; false when it cannot be one of ours.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out ReadOnlySpan<char> keyId, out ReadOnlySpan<char> secret)
    {
        keyId = default;
        secret = default;
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }

        keyId = key.Slice(Prefix.Length, KeyIdLength);
        secret = key[(Prefix.Length + KeyIdLength + 1)..];
        return IsBase32(keyId) && IsBase32(secret);
    }

    private static bool IsBase32(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Base32(byte[] bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }
}
