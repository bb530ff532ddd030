namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>What the distributed rate-limit benchmark runs; the defaults are the full run, fewer windows or loads make a quick one.</summary>
public sealed record DistributedLimitOptions
{
    /// <summary>Gateway processes sharing the key.</summary>
    public int Instances { get; init; } = 4;

    /// <summary>The policy's requests per one-second window.</summary>
    public long Limit { get; init; } = 200;

    /// <summary>The policy's burst (most a window may admit after a quiet one); null for none.</summary>
    public long? Burst { get; init; } = 300;

    /// <summary>Whole one-second windows each measured run spans.</summary>
    public int Windows { get; init; } = 12;

    /// <summary>Offered load of each measured run, as multiples of the limit, in the order they run.</summary>
    public IReadOnlyList<double> LoadFactors { get; init; } = [3, 6, 0.5];

    /// <summary>Windows of 3x load before the first measured run, to warm up JIT, connections and the key caches.</summary>
    public int WarmupWindows { get; init; } = 2;

    /// <summary>The gateways' sync interval (docs/auth-and-rate-limits.md's default), set explicitly because the cost bound depends on it.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
