using Serverless.Gateway.Auth;

namespace Serverless.Gateway.Policies;

/// <summary>What one route requires, resolved once from its metadata and the named policies.</summary>
/// <param name="RouteId">The route.</param>
/// <param name="Auth">The authentication policy, or null for an anonymous route.</param>
/// <param name="RateLimitPolicy">The rate-limit policy name, <c>plan</c>, or null for none.</param>
/// <param name="CountByApiKey">Count authenticated callers by key id or subject instead of by tenant.</param>
/// <param name="PerRoute">Count this route apart from the caller's other routes.</param>
public sealed record RoutePolicy(string RouteId, AuthPolicyOptions? Auth, string? RateLimitPolicy, bool CountByApiKey, bool PerRoute)
{
    /// <summary>Write an access-log record per request (the route's <c>AccessLog</c> setting).</summary>
    public bool AccessLog { get; init; }

    /// <summary>The route's response cache counts the quota on a miss, so hits do not (its <c>Cache:CountHitsAgainstQuota</c> is false).</summary>
    public bool QuotaAfterCache { get; init; }
}
