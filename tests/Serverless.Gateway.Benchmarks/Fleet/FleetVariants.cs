namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// The limiter configurations the fleet simulation compares, each run on every scenario; one line adds another.
/// </summary>
public static class FleetVariants
{
    public static IReadOnlyList<FleetVariant> All { get; } =
    [
        new("peer reads (ADR 0005)", new Dictionary<string, string?> { ["Coordination"] = "Peers" }),
        new("coordinator (ADR 0008, default)", new Dictionary<string, string?> { ["Coordination"] = "Coordinator" }) { Formula = CostFormula.Coordinator },
    ];
}
