using System.Collections.Concurrent;

namespace Serverless.Gateway.RateLimiting;

/// <summary>A rate-limit policy as the hot path needs it, with the counters of its keys on this instance.</summary>
internal sealed class PolicyCounters(string name, RateLimitPolicyOptions options)
{
    public string Name { get; } = name;

    public long Limit { get; } = options.Limit;

    public bool FailsClosed { get; } = options.OnStorageFailure == StorageFailureMode.Closed;

    public WindowFamily Family { get; } = new(name, options);

    public ConcurrentDictionary<string, CounterState> Counters { get; } = new(StringComparer.Ordinal);

    public CounterState Create(string key, RateLimitFleet fleet, DateTimeOffset now) =>
        new(Family, key, fleet.NewShardId(), fleet.Partitions, Limit, new Lock(), now);
}
