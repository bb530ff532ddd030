namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// A storage round trip's duration, log-normal with the given median and 99th percentile (a long right tail, never
/// negative), drawn from the caller's seeded <see cref="Random"/> so a run repeats exactly.
/// </summary>
public sealed record LogNormalLatency(TimeSpan Median, TimeSpan P99)
{
    // The standard normal distribution's 99th percentile.
    private const double Z99 = 2.326347874;

    /// <summary>About what a Table operation from an app in the same region takes: 6 ms at the median, 40 ms at p99.</summary>
    public static LogNormalLatency AzureTable { get; } = new(TimeSpan.FromMilliseconds(6), TimeSpan.FromMilliseconds(40));

    private double Sigma => Math.Log(P99 / Median) / Z99;

    public TimeSpan Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);

        // Box-Muller: one standard normal draw from two uniform ones; 1 - u keeps the logarithm finite.
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromTicks((long)(Median.Ticks * Math.Exp(Sigma * z)));
    }
}
