using System.Buffers;
using System.Text.Json;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// One generation of the signing settings: the keys, the one that signs, and the assertions signed with it. Immutable
/// but for the cache, and replaced whole when the configuration changes, so a new key, issuer or lifetime never meets
/// an assertion signed under the old ones.
/// </summary>
internal sealed class AssertionKeyRing
{
    public AssertionKeyRing(string issuer, TimeSpan lifetime, IReadOnlyList<AssertionSigningKey> keys, AssertionSigningKey? active, int cacheSize)
    {
        Issuer = issuer;
        Lifetime = lifetime;
        Keys = keys;
        Active = active;
        Assertions = cacheSize > 0 ? new ExpiringCache<AssertionCacheKey, string>(cacheSize) : null;
        Jwks = WriteJwks(keys);
    }

    public string Issuer { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>Every key, published in the JWKS.</summary>
    public IReadOnlyList<AssertionSigningKey> Keys { get; }

    /// <summary>The key that signs; null when there is none (under the Functions host with no key configured).</summary>
    public AssertionSigningKey? Active { get; }

    /// <summary>Signed assertions by caller and backend, each reused until half its lifetime has passed; null when the cache is off.</summary>
    public ExpiringCache<AssertionCacheKey, string>? Assertions { get; }

    /// <summary>The JSON Web Key Set (RFC 7517) of the public keys, as UTF-8, written once.</summary>
    public ReadOnlyMemory<byte> Jwks { get; }

    private static byte[] WriteJwks(IReadOnlyList<AssertionSigningKey> keys)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in keys)
            {
                json.WriteStartObject();
                json.WriteString("kty", "EC");
                json.WriteString("crv", "P-256");
                json.WriteString("x", key.X);
                json.WriteString("y", key.Y);
                json.WriteString("kid", key.Id);
                json.WriteString("use", "sig");
                json.WriteString("alg", GatewayAssertion.Algorithm);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
