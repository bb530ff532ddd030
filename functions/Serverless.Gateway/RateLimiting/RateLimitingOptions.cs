namespace Serverless.Gateway.RateLimiting;

/// <summary>Rate-limit policies, quota plans and how instances share their counts, bound from the <c>RateLimiting</c> section.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>
    /// How often each instance writes its counts and reads the other instances'. Default 250 ms. Shorter is more accurate and
    /// costs storage operations in proportion (see docs/auth-and-rate-limits.md's storage cost formula).
    /// </summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How instances agree on allowances. Default <see cref="RateLimitCoordination.Coordinator"/>.</summary>
    public RateLimitCoordination Coordination { get; set; } = RateLimitCoordination.Coordinator;

    /// <summary>
    /// In coordinator mode, the most storage transactions per second the whole fleet's rate limiting may make; every instance
    /// lengthens its interval so that live instances × partitions in use stay within it. Default 16,000, with headroom
    /// under Azure's 20,000 per account, which the gateway's other tables share.
    /// </summary>
    public int AccountTransactionsPerSecond { get; set; } = 16_000;

    /// <summary>A sync round slower than this is abandoned and counts as a storage failure. Default 2 seconds.</summary>
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The table holding the counts. Default <c>RateLimits</c>.</summary>
    public string Table { get; set; } = "RateLimits";

    /// <summary>
    /// Partitions per policy (and per quota period) that keys are hashed into. Default 16. Every instance must use the same
    /// value: instances with different values do not see each other's counts.
    /// </summary>
    public int Partitions { get; set; } = 16;

    /// <summary>Rate-limit policies by name; routes and plans refer to them.</summary>
    public Dictionary<string, RateLimitPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plans by name; a caller's plan selects its rate-limit policy and its quotas.</summary>
    public Dictionary<string, QuotaPlanOptions> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings that could not be bound, with their paths; reported by the validator.</summary>
    internal List<string> BindErrors { get; } = [];
}
