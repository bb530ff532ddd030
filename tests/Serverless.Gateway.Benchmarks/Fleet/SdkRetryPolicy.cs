namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// What the Azure SDK does with a 503 before the limiter sees it. The gateway's Table client keeps the SDK's default
/// retry options (Azure.Core's <c>RetryOptions</c>: 3 retries, exponential from 0.8 s, each delay drawn between 0.8 and
/// 1.2 times its nominal value), so a throttled operation is sent again after about 0.8 s and 1.6 s more, until the
/// round's storage timeout abandons it.
/// </summary>
public sealed record SdkRetryPolicy(int MaxRetries, TimeSpan Delay)
{
    public static SdkRetryPolicy AzureDefault { get; } = new(3, TimeSpan.FromSeconds(0.8));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return (1 << (retry - 1)) * Delay * (0.8 + (0.4 * random.NextDouble()));
    }
}
