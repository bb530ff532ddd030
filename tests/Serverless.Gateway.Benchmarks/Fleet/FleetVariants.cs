namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// The limiter configurations the fleet simulation compares; add one line to compare another, e.g.
/// <c>new("sharded aggregates", new Dictionary&lt;string, string?&gt; { ["Coordination"] = "Aggregates" }) { Formula = ... }</c>.
/// </summary>
public static class FleetVariants
{
    public static IReadOnlyList<FleetVariant> All { get; } =
    [
        new("current (peer reads)", new Dictionary<string, string?>()),
    ];
}
