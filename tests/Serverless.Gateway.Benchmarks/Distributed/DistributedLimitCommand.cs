namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// <c>distributed [options]</c>: runs <see cref="DistributedLimitBenchmark"/> and prints its Markdown report to standard
/// output (progress goes to standard error). The exit code is 1 if the backend's count disagrees with the admitted
/// requests or an answer was neither 200 nor 429; missed targets are findings, reported in the Markdown.
/// </summary>
public static class DistributedLimitCommand
{
    public static Task<int> RunAsync(string[] args) => BenchmarkCommand.RunAsync(
        () => DistributedLimitOptions.Parse(args),
        async (options, cancellationToken) =>
        {
            var result = await DistributedLimitBenchmark.RunAsync(options, cancellationToken);
            result.WriteMarkdown(Console.Out);
            return result.Consistent ? 0 : 1;
        });
}
