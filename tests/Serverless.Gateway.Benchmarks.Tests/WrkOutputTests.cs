using Serverless.Gateway.Benchmarks.Load;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class WrkOutputTests
{
    // As wrk 4.1.0 printed it on this project's build machine, with --latency.
    private const string CleanRun = """
        Running 8s test @ http://127.0.0.1:41234/bench/products/42
          1 threads and 32 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.61ms    1.02ms  22.13ms   87.61%
            Req/Sec    20.74k     1.20k   22.85k    76.25%
          Latency Distribution
             50%    1.34ms
             75%    1.81ms
             90%    2.52ms
             99%    4.93ms
          165113 requests in 8.00s, 28.50MB read
        Requests/sec:  20638.42
        Transfer/sec:      3.56MB
        """;

    [Fact]
    public void Reads_the_rate_the_request_count_and_the_median_and_p99_latency()
    {
        var result = WrkOutput.Parse(CleanRun);

        Assert.Equal(20638.42, result.RequestsPerSecond);
        Assert.Equal(165113, result.Requests);
        Assert.Equal(TimeSpan.FromMilliseconds(1.34), result.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(4.93), result.P99);
        Assert.True(result.IsClean);
    }

    [Theory]
    [InlineData("563.00us", 0.563)]
    [InlineData("1.20s", 1200)]
    [InlineData("2.00m", 120000)]
    public void Reads_latencies_in_every_unit_wrk_prints(string printed, double milliseconds)
    {
        var result = WrkOutput.Parse(CleanRun.Replace("99%    4.93ms", $"99%    {printed}", StringComparison.Ordinal));

        Assert.Equal(milliseconds, result.P99.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void A_run_with_failed_or_refused_requests_is_not_clean()
    {
        var output = CleanRun.Replace(
            "Requests/sec:",
            "  Socket errors: connect 0, read 3, write 0, timeout 2\n  Non-2xx or 3xx responses: 17\nRequests/sec:",
            StringComparison.Ordinal);

        var result = WrkOutput.Parse(output);

        Assert.Equal(5, result.SocketErrors);
        Assert.Equal(17, result.Non2xx);
        Assert.False(result.IsClean);
    }

    [Fact]
    public void A_report_without_the_latency_distribution_is_refused_with_the_report_in_the_message()
    {
        var withoutDistribution = string.Join('\n', CleanRun.Split('\n').Where(static line => !line.Contains('%', StringComparison.Ordinal) || line.Contains("Stdev", StringComparison.Ordinal)));

        var exception = Assert.Throws<FormatException>(() => WrkOutput.Parse(withoutDistribution));

        Assert.Contains("--latency", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Requests/sec:  20638.42", exception.Message, StringComparison.Ordinal);
    }
}
