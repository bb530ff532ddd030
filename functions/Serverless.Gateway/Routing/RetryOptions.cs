namespace Serverless.Gateway.Routing;

/// <summary>
/// Retries of transient failures (connection errors, attempt timeouts, 502/503/504) with jittered exponential backoff.
/// Only idempotent methods are retried, and never once the request body has been sent.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retries. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Median delay before the first retry; later ones grow exponentially. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of any one delay. Default 2 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);
}
