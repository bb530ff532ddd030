namespace Serverless.Gateway.RateLimiting;

/// <summary>A tenant's counts in one quota period.</summary>
/// <param name="PeriodStart">UTC midnight at the start of the day or month.</param>
/// <param name="Admitted">Requests admitted (and billable) in the period, summed over every instance that served the tenant.</param>
/// <param name="Attempted">The tenant's requests, those the rate limit or the quota refused included.</param>
/// <param name="Instances">Instance rows summed, including those of stopped instances.</param>
public sealed record QuotaUsage(DateTimeOffset PeriodStart, long Admitted, long Attempted, int Instances);
