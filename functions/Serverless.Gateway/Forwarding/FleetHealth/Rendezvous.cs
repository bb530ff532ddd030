namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Rendezvous (highest random weight) hashing: every instance scores every (instance, destination) pair with the same
/// stable hash, and a destination's probers are the live instances with the highest scores. Instances that see the same
/// live set agree without talking, and when one leaves only the destinations it probed move, each to the next in line.
/// </summary>
internal static class Rendezvous
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Score(string instance, string backend, string destination)
    {
        var hash = Add(Add(Add(Add(OffsetBasis, instance), "|"), backend), "|");
        return Mix(Add(hash, destination));
    }

    /// <summary>Whether <paramref name="self"/> is among the <paramref name="count"/> highest-scoring of <paramref name="instances"/> (which include it).</summary>
    public static bool IsAmongTop(string self, IReadOnlyCollection<string> instances, string backend, string destination, int count)
    {
        var own = Score(self, backend, destination);
        var higher = 0;
        foreach (var instance in instances)
        {
            if (instance == self)
            {
                continue;
            }

            var score = Score(instance, backend, destination);
            if (score > own || (score == own && string.CompareOrdinal(instance, self) < 0))
            {
                if (++higher >= count)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    // SplitMix64's finalizer: FNV alone leaves similar ids (…-1, …-2) with correlated high bits.
    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111eb;
        hash ^= hash >> 31;
        return hash;
    }
}
