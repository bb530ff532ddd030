namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// The answer of <see cref="IRateLimiter.Acquire"/>, with what the <c>RateLimit-Policy</c>, <c>RateLimit</c> and
/// <c>Retry-After</c> header fields need.
/// </summary>
/// <param name="IsAllowed">Whether the request may proceed.</param>
/// <param name="Policy">The policy name, as configured.</param>
/// <param name="Limit">Requests per <paramref name="Window"/> (the policy's <c>Limit</c>, not its burst).</param>
/// <param name="Remaining">Requests left in this window for the key across all instances, as this instance last saw it; 0 when refused.</param>
/// <param name="Window">The policy's window (the <c>w</c> parameter of <c>RateLimit-Policy</c>).</param>
/// <param name="ResetAfter">
/// Time until the current window ends (the <c>t</c> parameter, and <c>Retry-After</c> when refused); for
/// <see cref="RateLimitRejection.StorageUnavailable"/>, a short retry hint (2 × SyncInterval + StorageTimeout) instead.
/// </param>
/// <param name="Reason"><see cref="RateLimitRejection.None"/> when allowed.</param>
public readonly record struct RateLimitDecision(
    bool IsAllowed, string Policy, long Limit, long Remaining, TimeSpan Window, TimeSpan ResetAfter, RateLimitRejection Reason)
{
    /// <summary>On refusal, what this instance could admit of the key in the window: its share of the budget (0 when admitted).</summary>
    public long Allowance { get; init; }

    /// <summary>On refusal, what this instance had admitted of the key in the window (0 when admitted).</summary>
    public long Admitted { get; init; }

    /// <summary>On refusal, whether storage answered the last sync round, so the allowance was shared with the other instances; false: decided locally.</summary>
    public bool IsSynced { get; init; }
}
