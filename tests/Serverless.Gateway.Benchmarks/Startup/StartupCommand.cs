namespace Serverless.Gateway.Benchmarks.Startup;

/// <summary><c>startup [options]</c>: runs <see cref="StartupBenchmark"/> and prints its Markdown report to standard output (progress goes to standard error).</summary>
public static class StartupCommand
{
    public static Task<int> RunAsync(string[] args) => BenchmarkCommand.RunAsync(
        () => StartupOptions.Parse(args),
        async (options, cancellationToken) =>
        {
            (await StartupBenchmark.RunAsync(options, cancellationToken)).WriteMarkdown(Console.Out);
            return 0;
        });
}
