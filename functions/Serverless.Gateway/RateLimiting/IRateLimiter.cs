namespace Serverless.Gateway.RateLimiting;

/// <summary>The hot-path rate limiter: decides locally, without I/O, and without allocating for a key it already holds.</summary>
public interface IRateLimiter
{
    /// <summary>
    /// Counts one request of <paramref name="partitionKey"/> (a tenant, an API key id or a client IP; <c>{tenant}/{route}</c>
    /// for per-route limits, which <see cref="IUsageReader"/> then reports under the tenant) against the named policy.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is not configured.</exception>
    RateLimitDecision Acquire(string policyName, string partitionKey);
}
