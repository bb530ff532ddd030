namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>How long and how hard the load benchmark runs. The defaults take about five minutes.</summary>
public sealed record LoadOptions
{
    /// <summary>Open connections, one level per pass. Default 32 and 128, as the architecture notes measured.</summary>
    public IReadOnlyList<int> Connections { get; init; } = [32, 128];

    /// <summary>Length of one measured wrk run. Default 8 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Rounds; each measures every target at every level once, and the report takes the median. Default 3.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>
    /// Length of one warm-up run. Each target is loaded in such runs until its rate stops improving (the JIT has
    /// finished tiering up the hot path: for the gateway, about 20 s of load on two busy cores), within
    /// <see cref="MaxWarmup"/>. Default 3 s.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The most warm-up any one target gets. Default 60 s.</summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.FromSeconds(60);
}
