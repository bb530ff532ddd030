using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary><c>load [--connections 32,128] [--duration-s 8] [--rounds 3] [--warmup-s 3] [--max-warmup-s 60]</c>: the load benchmark alone, its section printed.</summary>
public static class LoadCommand
{
    public const string Usage = "usage: load [--connections 32,128] [--duration-s 8] [--rounds 3] [--warmup-s 3] [--max-warmup-s 60]";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchmarkCommand.RunAsync(
        () => Parse(args),
        async (options, cancellationToken) =>
        {
            var result = await LoadBenchmark.RunAsync(options, await BenchmarkStorage.ConnectionStringAsync(), Console.Out, cancellationToken);
            Console.WriteLine();
            result.WriteMarkdown(Console.Out);
            return 0;
        });

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--connections" => options with { Connections = value.Split(',').Select(Positive).ToArray() },
                "--duration-s" => options with { Duration = TimeSpan.FromSeconds(Positive(value)) },
                "--rounds" => options with { Rounds = Positive(value) },
                "--warmup-s" => options with { Warmup = TimeSpan.FromSeconds(Positive(value)) },
                "--max-warmup-s" => options with { MaxWarmup = TimeSpan.FromSeconds(Positive(value)) },
                var unknown => throw new ArgumentException($"Unknown argument '{unknown}'. {Usage}"),
            };
        }

        return options;
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"'{value}' must be a whole number greater than zero. {Usage}");
}
