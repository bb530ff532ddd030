using System.CommandLine;
using BenchmarkDotNet.Running;

namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>
/// <c>micro [BenchmarkDotNet options]</c>: the hot-path micro-benchmarks under BenchmarkDotNet with <see cref="HotPathConfig"/>,
/// e.g. <c>micro --filter '*'</c>; the options go to BenchmarkDotNet as given (<c>micro -- --help</c> lists them).
/// </summary>
public static class MicroCommand
{
    public static Command Create()
    {
        var options = PassThrough();
        var command = new Command("micro", "The hot-path micro-benchmarks under BenchmarkDotNet, e.g. micro --filter '*'; without a filter it asks which to run.") { options };
        command.SetAction((result, _) => RunAsync(result.GetValue(options) ?? []));
        return command;
    }

    /// <summary>BenchmarkDotNet's own options, which System.CommandLine does not know: taken as they come, in order.</summary>
    public static Argument<string[]> PassThrough() => new("benchmarkdotnet-options")
    {
        Description = "BenchmarkDotNet's options, such as --filter '*Jwt*' or --job short; put -- before them to pass --help on.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(HotPathConfig).Assembly).Run(args, new HotPathConfig());

        // Azurite is a child process; without this it would outlive the benchmark run.
        await BenchmarkStorage.StopAsync();
        return 0;
    }
}
