namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>What the fleet simulation runs: every scenario with every variant.</summary>
public sealed record FleetOptions
{
    public static FleetOptions Full { get; } = new() { Scenarios = FleetScenarios.Full };

    public static FleetOptions Quick { get; } = new() { Scenarios = FleetScenarios.Quick, IsQuick = true };

    public required IReadOnlyList<FleetScenario> Scenarios { get; init; }

    public IReadOnlyList<FleetVariant> Variants { get; init; } = FleetVariants.All;

    /// <summary>The short form (<c>--quick</c>), said so in the report.</summary>
    public bool IsQuick { get; init; }
}
