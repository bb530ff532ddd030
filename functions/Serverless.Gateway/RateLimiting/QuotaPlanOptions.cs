namespace Serverless.Gateway.RateLimiting;

/// <summary>A plan: its rate-limit policy and its per-tenant quotas; a missing quota is unlimited but still counted.</summary>
public sealed class QuotaPlanOptions
{
    /// <summary>The policy under <c>RateLimiting:Policies</c> for callers on this plan. Default none.</summary>
    public string? RateLimitPolicy { get; set; }

    /// <summary>Requests per tenant per UTC day. Default unlimited.</summary>
    public long? DailyQuota { get; set; }

    /// <summary>Requests per tenant per UTC calendar month. Default unlimited.</summary>
    public long? MonthlyQuota { get; set; }

    /// <summary>What the quotas do while storage is unreachable. Default <see cref="StorageFailureMode.Open"/>.</summary>
    public StorageFailureMode OnStorageFailure { get; set; } = StorageFailureMode.Open;
}
