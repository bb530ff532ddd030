namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>One scenario simulated with one limiter variant: accuracy, storage use, rounds, and the formula's prediction.</summary>
public sealed record FleetRun
{
    public required FleetScenario Scenario { get; init; }

    public required FleetVariant Variant { get; init; }

    public required AccuracyFigures Accuracy { get; init; }

    /// <summary>Storage demand over the measured span (the load, after the warm-up).</summary>
    public required StorageUsage Storage { get; init; }

    public required CostPrediction Prediction { get; init; }

    public TimeSpan SyncInterval { get; init; }

    /// <summary>Sync rounds that ended in the measured span, and those of them that failed (storage error or timeout).</summary>
    public long Rounds { get; init; }

    public long FailedRounds { get; init; }

    /// <summary>Instances started over the run, joins included.</summary>
    public int InstancesStarted { get; init; }

    /// <summary>How long the simulation took on this machine (not simulated time).</summary>
    public TimeSpan Elapsed { get; init; }
}
