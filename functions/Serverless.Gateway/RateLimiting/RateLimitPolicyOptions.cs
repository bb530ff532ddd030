namespace Serverless.Gateway.RateLimiting;

/// <summary>A fixed-window rate limit with an optional burst, e.g. <c>{ "Limit": 10, "Burst": 20 }</c> for 10 requests/s bursting to 20.</summary>
public sealed class RateLimitPolicyOptions
{
    /// <summary>Requests admitted per <see cref="Window"/> and key. Required.</summary>
    public long Limit { get; set; }

    /// <summary>The window length. Default one second.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most a window may admit after quiet windows, like a token bucket's capacity: unused requests of a window carry
    /// over to the next up to this total. Default none (every window admits <see cref="Limit"/>).
    /// </summary>
    public long? Burst { get; set; }

    /// <summary>What happens while storage is unreachable. Default <see cref="StorageFailureMode.Open"/>.</summary>
    public StorageFailureMode OnStorageFailure { get; set; } = StorageFailureMode.Open;
}
