namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>How the CPU profile of the proxy request path is taken. The defaults take about two and a half minutes.</summary>
public sealed record ProfileOptions
{
    /// <summary>Seconds perf records each target; the wrk run around it lasts 2 s longer. Default 8 s.</summary>
    public TimeSpan Recording { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Open connections of wrk, during the warm-up and the recording. Default 32.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>Samples a second perf takes of each thread. Default 999, off the timers' 1,000 Hz so as not to sample in step with them.</summary>
    public int Frequency { get; init; } = 999;

    /// <summary>Length of one warm-up run; a target is warmed until its rate stops improving, within <see cref="MaxWarmup"/>. Default 3 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The most warm-up any one target gets. Default 40 s.</summary>
    public TimeSpan MaxWarmup { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Frames listed in each of the request path's inclusive lists. Default 12.</summary>
    public int TopFrames { get; init; } = 12;
}
