using System.Net;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// Maps a sticky key to a bucket from 0 to 99 with FNV-1a and a final avalanche mix: the same on every instance and
/// every run (unlike <see cref="string.GetHashCode()"/>), so instances agree on a caller's group without talking.
/// Seeded with the backend's id, so the callers who see one backend's canary are not the same for every backend.
/// </summary>
internal static class StickyHash
{
    public const int Buckets = 100;

    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Seed(string backendId) => Add(Add(OffsetBasis, backendId), ":");

    public static int Bucket(uint seed, ReadOnlySpan<char> key) => (int)(Mix(Add(seed, key)) % Buckets);

    /// <summary>The bucket of a client address; a missing address (not over TCP) gets the bucket of the empty key.</summary>
    public static int Bucket(uint seed, IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var hash = seed;
        if (address is not null && address.TryWriteBytes(bytes, out var written))
        {
            foreach (var b in bytes[..written])
            {
                hash = (hash ^ b) * Prime;
            }
        }

        return (int)(Mix(hash) % Buckets);
    }

    private static uint Add(uint hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    // MurmurHash3's finalizer: FNV's low bits alone spread short, similar keys (tenant-1, tenant-2) unevenly over 100.
    private static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
