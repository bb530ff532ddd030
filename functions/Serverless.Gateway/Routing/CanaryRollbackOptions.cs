namespace Serverless.Gateway.Routing;

/// <summary>
/// Stops sending traffic to a canary group that does worse than the stable group over a window. Each gateway instance
/// decides from its own traffic, and a rollback lasts until the backend's configuration changes or the process
/// restarts (docs/progressive-delivery.md).
/// </summary>
public sealed class CanaryRollbackOptions
{
    /// <summary>Whether outcomes are watched and the canary can be rolled back. Default <c>false</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Required when enabled. The canary group, which is rolled back.</summary>
    public string? Group { get; set; }

    /// <summary>Required when enabled. The stable group the canary is compared with, which takes the canary's traffic on rollback.</summary>
    public string? Against { get; set; }

    /// <summary>How far back outcomes count (sliding, in tenths of the window). Default 1 minute; at least 1 second.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests each of the two groups must have had within the window before they are compared. Default 20.</summary>
    public int MinimumRequests { get; set; } = 20;

    /// <summary>
    /// Roll back when the canary's error ratio (5xx answers and failed calls over all) exceeds the stable group's by
    /// more than this, 0 to 1. Default 0.05 (five percentage points).
    /// </summary>
    public double ErrorRatioMargin { get; set; } = 0.05;

    /// <summary>Roll back when the canary's 95th-percentile latency exceeds the stable group's by more than this. Default 250 ms.</summary>
    public TimeSpan P95Margin { get; set; } = TimeSpan.FromMilliseconds(250);
}
