using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>What the distributed rate-limit benchmark runs; the defaults are the full run, fewer windows or loads make a quick one.</summary>
public sealed record DistributedLimitOptions
{
    public const string Usage = "usage: distributed [--instances 4] [--limit 200] [--burst 300|none] [--windows 12] [--loads 3,6,0.5] [--warmup 2]";

    /// <summary>Gateway processes sharing the key.</summary>
    public int Instances { get; init; } = 4;

    /// <summary>The policy's requests per one-second window.</summary>
    public long Limit { get; init; } = 200;

    /// <summary>The policy's burst (most a window may admit after a quiet one); null for none.</summary>
    public long? Burst { get; init; } = 300;

    /// <summary>Whole one-second windows each measured run spans.</summary>
    public int Windows { get; init; } = 12;

    /// <summary>Offered load of each measured run, as multiples of the limit, in the order they run.</summary>
    public IReadOnlyList<double> LoadFactors { get; init; } = [3, 6, 0.5];

    /// <summary>Windows of 3x load before the first measured run, to warm up JIT, connections and the key caches.</summary>
    public int WarmupWindows { get; init; } = 2;

    /// <summary>The gateways' sync interval (the README's default), set explicitly because the cost bound depends on it.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public static DistributedLimitOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DistributedLimitOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--instances" => options with { Instances = (int)Positive(args, ++i) },
                "--limit" => options with { Limit = Positive(args, ++i) },
                "--burst" => options with { Burst = Value(args, ++i) is "none" ? null : Positive(args, i) },
                "--windows" => options with { Windows = (int)Positive(args, ++i) },
                "--loads" => options with { LoadFactors = [.. Value(args, ++i).Split(',').Select(factor => Factor(factor, args[i - 1]))] },
                "--warmup" => options with { WarmupWindows = int.TryParse(Value(args, ++i), CultureInfo.InvariantCulture, out var warmup) && warmup >= 0 ? warmup : throw Invalid(args[i - 1]) },
                var unknown => throw new ArgumentException($"Unknown argument '{unknown}'. {Usage}"),
            };
        }

        return options.Burst < options.Limit ? throw new ArgumentException($"--burst must be at least --limit. {Usage}") : options;
    }

    private static string Value(IReadOnlyList<string> args, int index) => index < args.Count ? args[index] : throw Invalid(args[index - 1]);

    private static long Positive(IReadOnlyList<string> args, int index) =>
        long.TryParse(Value(args, index), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw Invalid(args[index - 1]);

    private static double Factor(string text, string name) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw Invalid(name);

    private static ArgumentException Invalid(string name) => new($"{name} needs a positive number. {Usage}");
}
