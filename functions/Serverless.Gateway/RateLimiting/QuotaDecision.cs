namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// The answer of <see cref="IQuotaTracker.Acquire"/>. When refused it describes the exhausted quota; when allowed, the one
/// with the fewest requests left, so a single <c>RateLimit</c> field can describe it.
/// </summary>
/// <param name="IsAllowed">Whether the request may proceed; it was counted against the day and the month if so.</param>
/// <param name="Plan">The plan name, as configured.</param>
/// <param name="Period">The quota described, or <see cref="QuotaPeriod.None"/> when the plan has none (the numbers are then 0).</param>
/// <param name="Limit">Requests per period.</param>
/// <param name="Remaining">Requests left in the period across all instances, as this instance last saw it; 0 when refused.</param>
/// <param name="PeriodLength">The length of the current period (a day, or this month's days).</param>
/// <param name="ResetAfter">
/// Time until the period ends at UTC midnight; for <see cref="RateLimitRejection.StorageUnavailable"/>, a short retry hint
/// (2 × SyncInterval + StorageTimeout) instead.
/// </param>
/// <param name="Reason"><see cref="RateLimitRejection.None"/> when allowed.</param>
public readonly record struct QuotaDecision(
    bool IsAllowed, string Plan, QuotaPeriod Period, long Limit, long Remaining, TimeSpan PeriodLength, TimeSpan ResetAfter, RateLimitRejection Reason)
{
    /// <summary>On refusal, what this instance could admit of the tenant's quota in the period (0 when admitted).</summary>
    public long Allowance { get; init; }

    /// <summary>On refusal, what this instance had admitted of the tenant's quota in the period (0 when admitted).</summary>
    public long Admitted { get; init; }

    /// <summary>On refusal, whether storage answered the last sync round; false: decided locally.</summary>
    public bool IsSynced { get; init; }
}
