using Serverless.Gateway.Benchmarks.Fleet;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class LogNormalLatencyTests
{
    [Fact]
    public void The_same_seed_draws_the_same_latencies()
    {
        var first = new Random(42);
        var second = new Random(42);

        var a = Enumerable.Range(0, 1_000).Select(_ => LogNormalLatency.AzureTable.Sample(first)).ToList();
        var b = Enumerable.Range(0, 1_000).Select(_ => LogNormalLatency.AzureTable.Sample(second)).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, Enumerable.Range(0, 1_000).Select(_ => LogNormalLatency.AzureTable.Sample(new Random(43))).ToList());
    }

    [Fact]
    public void Draws_have_the_stated_median_and_99th_percentile_and_are_never_negative()
    {
        var random = new Random(20261230);
        var draws = Enumerable.Range(0, 100_000).Select(_ => LogNormalLatency.AzureTable.Sample(random).TotalMilliseconds).Order().ToArray();

        Assert.InRange(draws[50_000], 5.7, 6.3);
        Assert.InRange(draws[99_000], 37, 43);
        Assert.True(draws[0] > 0);
    }
}
