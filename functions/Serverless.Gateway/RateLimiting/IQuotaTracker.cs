namespace Serverless.Gateway.RateLimiting;

/// <summary>Daily and monthly request quotas per tenant, counted exactly enough to bill by.</summary>
public interface IQuotaTracker
{
    /// <summary>
    /// Checks the plan's daily and monthly quotas for the tenant and, if both allow, counts the request against both.
    /// Requests are counted even when the plan sets no quota, so usage is always known. Call it after the rate limiter,
    /// so refused requests do not use up quota.
    /// </summary>
    /// <exception cref="ArgumentException">The plan is not configured.</exception>
    QuotaDecision Acquire(string tenant, string plan);

    /// <summary>
    /// Counts a request of the tenant that the rate limiter refused: in the day's and month's demand, so usage reports
    /// it as refused, and against no quota. In memory like <see cref="Acquire"/>; written with the next sync. Does
    /// nothing for a plan that is not configured.
    /// </summary>
    void CountRefused(string tenant, string plan);
}
