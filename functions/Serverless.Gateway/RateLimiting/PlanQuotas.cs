namespace Serverless.Gateway.RateLimiting;

/// <summary>A plan's quotas as the hot path needs them; a missing quota is <see cref="CounterState.Unlimited"/>.</summary>
internal sealed class PlanQuotas(string name, QuotaPlanOptions options)
{
    public string Name { get; } = name;

    public long Daily { get; } = options.DailyQuota ?? CounterState.Unlimited;

    public long Monthly { get; } = options.MonthlyQuota ?? CounterState.Unlimited;

    public bool IsLimited => Daily != CounterState.Unlimited || Monthly != CounterState.Unlimited;

    public bool FailsClosed { get; } = options.OnStorageFailure == StorageFailureMode.Closed;
}
