namespace Serverless.Gateway.RateLimiting;

/// <summary>Why a rate limit or quota refused a request, as <see cref="RateLimitDecision"/> or <see cref="QuotaDecision"/> told it.</summary>
/// <param name="Code">The Problem Details code answered.</param>
/// <param name="Policy">The rate-limit policy, or the plan for a quota.</param>
/// <param name="Period"><see cref="QuotaPeriod.None"/> for a rate limit.</param>
/// <param name="Window">The policy's window, or the quota period's length.</param>
/// <param name="Limit">Requests per window or period.</param>
/// <param name="Allowance">What this instance could admit in the window or period.</param>
/// <param name="Admitted">What this instance had admitted.</param>
/// <param name="IsSynced">Whether the limiter shared its budget through storage; false: it decided locally.</param>
public readonly record struct RefusalExplanation(
    string Code, string Policy, QuotaPeriod Period, TimeSpan Window, long Limit, long Allowance, long Admitted, bool IsSynced)
{
    public static RefusalExplanation Of(RateLimitDecision decision, string code) =>
        new(code, decision.Policy, QuotaPeriod.None, decision.Window, decision.Limit, decision.Allowance, decision.Admitted, decision.IsSynced);

    public static RefusalExplanation Of(QuotaDecision decision, string code) =>
        new(code, decision.Plan, decision.Period, decision.PeriodLength, decision.Limit, decision.Allowance, decision.Admitted, decision.IsSynced);

    /// <summary><c>rate-limit</c>, <c>daily-quota</c> or <c>monthly-quota</c>, as the access log and <c>usage</c> name it.</summary>
    public string Kind => Period switch
    {
        QuotaPeriod.Day => "daily-quota",
        QuotaPeriod.Month => "monthly-quota",
        _ => "rate-limit",
    };
}
