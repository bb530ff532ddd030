using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>The rate-limit policy every key of a scenario is held to: a limit per fixed window, no burst.</summary>
public sealed record FleetPolicy(string Name, long Limit, TimeSpan Window)
{
    public static FleetPolicy PerSecond { get; } = new("fifty-per-second", 50, TimeSpan.FromSeconds(1));

    public static FleetPolicy PerMinute { get; } = new("six-hundred-per-minute", 600, TimeSpan.FromMinutes(1));

    public double LimitPerSecond => Limit / Window.TotalSeconds;

    /// <summary>The policy's settings under <c>RateLimiting</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        KeyValuePair.Create<string, string?>($"Policies:{Name}:Limit", Limit.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create<string, string?>($"Policies:{Name}:Window", Window.ToString("c", CultureInfo.InvariantCulture)),
    ];

    public override string ToString() => Window == TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{Limit}/s")
        : string.Create(CultureInfo.InvariantCulture, $"{Limit}/{(Window == TimeSpan.FromMinutes(1) ? "min" : Window.ToString("c", CultureInfo.InvariantCulture))}");
}
