namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// Numbers that look random but are the same for the same text in every process, so instances agree without talking and
/// the fleet simulation gives the same figures every run (<see cref="string.GetHashCode()"/> differs per process).
/// </summary>
internal static class StableHash
{
    /// <summary>
    /// FNV-1a, then SplitMix64's finalizer, whose avalanche makes texts that differ only in their last characters (a round
    /// number) land far apart; FNV alone leaves the top bits nearly the same for them.
    /// </summary>
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211ul;
        }

        hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ul;
        hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebul;
        return hash ^ (hash >> 31);
    }

    /// <summary>A number in [0, 1).</summary>
    public static double Fraction(string text) => (Of(text) >> 11) / (double)(1ul << 53);
}
