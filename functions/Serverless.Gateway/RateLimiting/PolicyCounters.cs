using System.Collections.Concurrent;

namespace Serverless.Gateway.RateLimiting;

/// <summary>A rate-limit policy as the hot path needs it, with the counters of its keys on this instance.</summary>
internal sealed class PolicyCounters(string name, RateLimitPolicyOptions options)
{
    private readonly (long Limit, TimeSpan Window, long? Burst, StorageFailureMode Mode) _settings = (options.Limit, options.Window, options.Burst, options.OnStorageFailure);

    public string Name { get; } = name;

    public long Limit { get; } = options.Limit;

    public bool FailsClosed { get; } = options.OnStorageFailure == StorageFailureMode.Closed;

    public WindowFamily Family { get; } = new(name, options);

    public ConcurrentDictionary<string, CounterState> Counters { get; } = new(StringComparer.Ordinal);

    public CounterState Create(string key, RateLimitFleet fleet, DateTimeOffset now) =>
        new(Family, key, fleet.NewShardId(), fleet.Partitions, Limit, new Lock(), now);

    /// <summary>Whether <paramref name="other"/> is this policy unchanged, so its counters carry on.</summary>
    public bool Matches(RateLimitPolicyOptions other) => _settings == (other.Limit, other.Window, other.Burst, other.OnStorageFailure);
}
