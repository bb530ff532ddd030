namespace Serverless.Gateway.RateLimiting;

/// <summary>What the refusals of a minute are summed by: tenant, route, policy or quota, and the UTC minute (minutes since the epoch).</summary>
internal readonly record struct RefusalKey(string Tenant, string Route, string Policy, QuotaPeriod Period, long Minute);
