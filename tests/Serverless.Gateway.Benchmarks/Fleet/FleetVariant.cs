using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// A named limiter configuration: settings under <c>RateLimiting</c> (for example <c>SyncInterval</c>, or the setting
/// that selects a coordination algorithm), on top of each scenario's policy. Every scenario runs once per variant.
/// </summary>
public sealed record FleetVariant(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    /// <summary>
    /// The storage cost the variant's algorithm is predicted to have in a scenario, given the settings as an instance
    /// bound them; shown beside the measured figures. Default: the current algorithm's (<see cref="CostFormula.Current(FleetScenario, RateLimitingOptions)"/>).
    /// </summary>
    public Func<FleetScenario, RateLimitingOptions, CostPrediction> Formula { get; init; } = CostFormula.Current;
}
