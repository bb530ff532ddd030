namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// A scenario's requests, one at a time in time order: Poisson arrivals at the scenario's total rate, each for a key
/// drawn by the load's shape; bursty load thins a stream at its peak rate by each key's current rate.
/// </summary>
public sealed class FleetLoad
{
    private const double BurstFactor = 2.5;
    private const double QuietFactor = 0.5;
    private static readonly TimeSpan BurstPeriod = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan BurstLength = TimeSpan.FromSeconds(1);

    private readonly FleetScenario _scenario;
    private readonly Random _random;
    private readonly double[] _cumulative;
    private readonly TimeSpan[] _phases;
    private readonly DateTimeOffset _start;
    private readonly double _candidatesPerSecond;

    public FleetLoad(FleetScenario scenario, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _start = start;
        _random = FleetRandom.Create(scenario.Seed, FleetRandom.Arrivals);
        var weights = Weights(scenario.Shape, scenario.Keys);
        _cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var key = 0; key < weights.Length; key++)
        {
            _cumulative[key] = sum += weights[key];
        }

        _phases = [.. Enumerable.Range(0, scenario.Keys).Select(_ => BurstPeriod * _random.NextDouble())];
        _candidatesPerSecond = scenario.OfferedPerSecond * (scenario.Shape == LoadShape.Bursty ? BurstFactor : 1);
        Next = start;
        Advance();
    }

    /// <summary>When the next request arrives.</summary>
    public DateTimeOffset Next { get; private set; }

    /// <summary>The key of the next request.</summary>
    public int Key { get; private set; }

    /// <summary>Each key's share of the requests (summing to 1).</summary>
    public static double[] Weights(LoadShape shape, int keys)
    {
        var weights = Enumerable.Range(0, keys).Select(key => shape == LoadShape.Skewed ? 1.0 / (key + 1) : key % 2 == 0 ? 4.0 : 1.0).ToArray();
        var sum = weights.Sum();
        return [.. weights.Select(weight => weight / sum)];
    }

    /// <summary>Draws the request after the current one.</summary>
    public void Advance()
    {
        while (true)
        {
            Next += TimeSpan.FromTicks(Math.Max(1, (long)(-Math.Log(1 - _random.NextDouble()) / _candidatesPerSecond * TimeSpan.TicksPerSecond)));
            var index = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
            Key = Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
            if (_scenario.Shape != LoadShape.Bursty || _random.NextDouble() * BurstFactor < Factor(Key))
            {
                return;
            }
        }
    }

    private double Factor(int key) =>
        TimeSpan.FromTicks((Next - _start + _phases[key]).Ticks % BurstPeriod.Ticks) < BurstLength ? BurstFactor : QuietFactor;
}
