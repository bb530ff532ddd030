namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>The limiter configurations the fleet simulation compares; add one line to compare another.</summary>
public static class FleetVariants
{
    public static IReadOnlyList<FleetVariant> All { get; } =
    [
        new("current (peer reads)", new Dictionary<string, string?>()),
    ];
}
