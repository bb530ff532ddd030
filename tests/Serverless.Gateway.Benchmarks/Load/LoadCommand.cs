using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary><c>load [--connections 32,128] [--duration-s 8] [--rounds 3] [--warmup-s 3] [--max-warmup-s 60]</c>: the load benchmark alone, its section printed.</summary>
public static class LoadCommand
{
    public const string Usage = "usage: load [--connections 32,128] [--duration-s 8] [--rounds 3] [--warmup-s 3] [--max-warmup-s 60]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        LoadOptions options;
        try
        {
            options = Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"{exception.Message} {Usage}");
            return 2;
        }

        var result = await LoadBenchmark.RunAsync(options, await BenchmarkStorage.ConnectionStringAsync(), Console.Out, CancellationToken.None);
        Console.WriteLine();
        result.WriteMarkdown(Console.Out);
        return 0;
    }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--connections" => options with { Connections = value.Split(',').Select(Positive).ToArray() },
                "--duration-s" => options with { Duration = TimeSpan.FromSeconds(Positive(value)) },
                "--rounds" => options with { Rounds = Positive(value) },
                "--warmup-s" => options with { Warmup = TimeSpan.FromSeconds(Positive(value)) },
                "--max-warmup-s" => options with { MaxWarmup = TimeSpan.FromSeconds(Positive(value)) },
                var unknown => throw new ArgumentException($"Unknown argument '{unknown}'."),
            };
        }

        return options;
    }

    private static int Positive(string value) =>
        int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and var parsed ? parsed : throw new ArgumentException($"'{value}' must be greater than zero.");
}
