namespace Serverless.Gateway.RateLimiting;

/// <summary>What a policy or plan does while Table Storage cannot be reached.</summary>
public enum StorageFailureMode
{
    /// <summary>Keep deciding with local-only limits (the limit divided by the last known instance count). The default.</summary>
    Open,

    /// <summary>Refuse every request with <see cref="RateLimitRejection.StorageUnavailable"/>.</summary>
    Closed,
}
