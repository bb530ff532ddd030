namespace Serverless.Gateway.RateLimiting;

/// <summary>Why a request was refused, or <see cref="None"/> when it was admitted.</summary>
public enum RateLimitRejection
{
    None,

    /// <summary>The key used up its rate-limit window (429).</summary>
    RateLimited,

    /// <summary>The tenant used up its daily or monthly quota (429, or 403 if the plan means it).</summary>
    QuotaExceeded,

    /// <summary>Storage is unreachable and the policy or plan is fail-closed (503).</summary>
    StorageUnavailable,
}
