namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>The scenarios the fleet simulation runs: the full matrix of the suite, and the quick form of <c>--quick</c>.</summary>
public static class FleetScenarios
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Every instance count with several key counts, load shapes and fleet events: one to two minutes on two busy cores. The
    /// cases of 100 and 1,000 instances simulate one minute; the others at least one minute or three policy windows.
    /// </summary>
    public static IReadOnlyList<FleetScenario> Full { get; } =
    [
        new("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, Seconds(60)),
        new("4 × 100 keys, bursty", 4, 100, LoadShape.Bursty, FleetPolicy.PerSecond, 5_000, Seconds(60)),
        new("4 × 10,000 keys, skewed", 4, 10_000, LoadShape.Skewed, FleetPolicy.PerMinute, 5_000, 3 * Minute),
        new("25 × 1 key, steady", 25, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, Seconds(60)),
        new("25 × 100 keys, skewed", 25, 100, LoadShape.Skewed, FleetPolicy.PerSecond, 2_000, Seconds(60)),
        new("25 × 100 keys, steady, churn", 25, 100, LoadShape.Steady, FleetPolicy.PerMinute, 1_250, 3 * Minute) { Events = Churn(25) },
        new("25 × 10,000 keys, skewed", 25, 10_000, LoadShape.Skewed, FleetPolicy.PerSecond, 20_000, Seconds(60)),
        new("100 × 1 key, steady", 100, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, Seconds(60)),
        new("100 × 100 keys, bursty, churn", 100, 100, LoadShape.Bursty, FleetPolicy.PerSecond, 5_000, Seconds(60)) { Events = Churn(100) },
        new("100 × 1,000 keys, steady", 100, 1_000, LoadShape.Steady, FleetPolicy.PerSecond, 62_500, Seconds(60)),
        new("100 × 10,000 keys, skewed", 100, 10_000, LoadShape.Skewed, FleetPolicy.PerSecond, 20_000, Seconds(60)),
        new("1,000 × 1 key, bursty", 1_000, 1, LoadShape.Bursty, FleetPolicy.PerSecond, 100, Seconds(60)),
        new("1,000 × 100 keys, steady", 1_000, 100, LoadShape.Steady, FleetPolicy.PerSecond, 6_250, Seconds(60)),
    ];

    /// <summary>The suite's <c>--quick</c> form: a few scenarios of a few seconds each, the two among them.</summary>
    public static IReadOnlyList<FleetScenario> Quick { get; } =
    [
        new("4 × 1 key, steady", 4, 1, LoadShape.Steady, FleetPolicy.PerSecond, 100, Seconds(10)),
        new("4 × 10 keys, bursty", 4, 10, LoadShape.Bursty, FleetPolicy.PerSecond, 500, Seconds(10)),
        new("25 × 4 keys, steady, churn", 25, 4, LoadShape.Steady, FleetPolicy.PerSecond, 250, Seconds(20)) { Events = Churn(25) },
        new("100 × 1,000 keys, steady", 100, 1_000, LoadShape.Steady, FleetPolicy.PerSecond, 62_500, Seconds(5)),
        new("1,000 × 100 keys, steady", 1_000, 100, LoadShape.Steady, FleetPolicy.PerSecond, 6_250, Seconds(5)),
    ];

    /// <summary>A fifth more instances join, then a tenth leave, a tenth stall for 5 s and a tenth crash, spread over the run.</summary>
    public static IReadOnlyList<FleetEvent> Churn(int instances) =>
    [
        new(Seconds(4), FleetEventKind.Join, Math.Max(1, instances / 5)),
        new(Seconds(8), FleetEventKind.Leave, Math.Max(1, instances / 10)),
        new(Seconds(11), FleetEventKind.Stall, Math.Max(1, instances / 10), Seconds(5)),
        new(Seconds(14), FleetEventKind.Crash, Math.Max(1, instances / 10)),
    ];

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
