namespace Serverless.Gateway.RateLimiting;

/// <summary>A tenant's usage as persisted: counts of the last flush of every instance (at most one sync interval old).</summary>
/// <param name="Tenant">The tenant asked about.</param>
/// <param name="ReadAt">When the counts were read.</param>
/// <param name="Windows">The current window of every policy with counts for the tenant's keys (the tenant, or <c>{tenant}/...</c>).</param>
/// <param name="Today">The tenant's requests admitted today (UTC).</param>
/// <param name="ThisMonth">The tenant's requests admitted this month (UTC).</param>
public sealed record TenantUsage(string Tenant, DateTimeOffset ReadAt, IReadOnlyList<WindowUsage> Windows, QuotaUsage Today, QuotaUsage ThisMonth);
