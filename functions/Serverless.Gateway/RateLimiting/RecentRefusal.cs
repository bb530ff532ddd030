namespace Serverless.Gateway.RateLimiting;

/// <summary>
/// The refusals of one tenant by one rate-limit policy or quota on one route, on one instance, in one UTC minute, with the
/// explanation of the last of them.
/// </summary>
/// <param name="Minute">The start of the minute.</param>
/// <param name="Route">The route refused.</param>
/// <param name="Code">The Problem Details code answered: <c>rate_limited</c>, <c>quota_exceeded</c> or <c>rate_limit_unavailable</c>.</param>
/// <param name="Policy">The rate-limit policy, or the plan for a quota.</param>
/// <param name="Period"><see cref="QuotaPeriod.None"/> for a rate limit, else the quota's period.</param>
/// <param name="Window">The policy's window, or the quota period's length.</param>
/// <param name="Limit">Requests per window or period.</param>
/// <param name="Count">Requests refused in the minute.</param>
/// <param name="Allowance">At the last refusal, what the instance could admit in the window or period.</param>
/// <param name="Admitted">At the last refusal, what the instance had admitted.</param>
/// <param name="IsSynced">At the last refusal, whether the limiter shared its budget through storage (false: decided locally).</param>
/// <param name="Instance">The gateway instance that refused.</param>
public sealed record RecentRefusal(
    DateTimeOffset Minute, string Route, string Code, string Policy, QuotaPeriod Period, TimeSpan Window, long Limit, long Count, long Allowance,
    long Admitted, bool IsSynced, string Instance);
