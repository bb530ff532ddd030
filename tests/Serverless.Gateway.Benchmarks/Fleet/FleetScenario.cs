using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// One simulated situation: <paramref name="Instances"/> instances share <paramref name="Keys"/> keys, each held to
/// <paramref name="Policy"/>; requests arrive at <paramref name="OfferedPerSecond"/> in total (Poisson arrivals), spread
/// over the keys by <paramref name="Shape"/> and over the instances at random, as a load balancer would, for
/// <paramref name="Duration"/> (whole windows of the policy), after a warm-up in which the instances start.
/// </summary>
public sealed record FleetScenario(string Name, int Instances, int Keys, LoadShape Shape, FleetPolicy Policy, double OfferedPerSecond, TimeSpan Duration)
{
    public IReadOnlyList<FleetEvent> Events { get; init; } = [];

    public int Seed { get; init; } = 20261230;

    /// <summary>Before the load: the instances start at random moments in its first half, each with a round, as the host starts them.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The keys requests are counted under, as a tenant's would be: <c>tenant-00000</c>, <c>tenant-00001</c>, ...</summary>
    public IReadOnlyList<string> KeyNames => [.. Enumerable.Range(0, Keys).Select(key => string.Create(CultureInfo.InvariantCulture, $"tenant-{key:D5}"))];

    /// <summary>The scenario's demand per key, as a multiple of the policy's limit: its mean over the run.</summary>
    public double[] DemandFactors => [.. FleetLoad.Weights(Shape, Keys).Select(share => OfferedPerSecond * share / Policy.LimitPerSecond)];

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Instances:N0} instances, {Keys:N0} {(Keys == 1 ? "key" : "keys")}, {Shape.ToString().ToLowerInvariant()}, {Policy}, {OfferedPerSecond:N0} req/s{(Events.Count == 0 ? string.Empty : "; " + string.Join(", ", Events))}");
}
