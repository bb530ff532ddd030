namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// Seeded random sources, one per purpose and instance, so that what one draws does not shift what another does.
/// Not <see cref="HashCode"/>, whose seed differs in every process.
/// </summary>
public static class FleetRandom
{
    public const int Store = 1;
    public const int Node = 2;
    public const int Balancer = 3;
    public const int Arrivals = 4;
    public const int Fleet = 5;

    public static Random Create(int seed, int stream, int index = 0)
    {
        // SplitMix64's finaliser over the three inputs.
        var z = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 20) ^ (uint)index) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random((int)((z ^ (z >> 31)) & int.MaxValue));
    }
}
