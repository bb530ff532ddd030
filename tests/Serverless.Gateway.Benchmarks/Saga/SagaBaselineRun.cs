using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Benchmarks.Processes;
using Serverless.Gateway.Benchmarks.Reporting;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// The engine the Durable one replaced, measured in the same run on the same machine without its code in the product:
/// the <c>saga</c> mode of an earlier commit's own benchmark program (benchmarks/run.sh builds it in a temporary git
/// worktree), run as a child process with the same options. That program brings up its own in-memory Azurite and runs
/// the gateway with its Table-outbox saga engine, the demo participants and the client in one process.
/// </summary>
public static class SagaBaselineRun
{
    public const string Engine = "the gateway's own engine (Table outbox, queue messages)";

    private static readonly TimeSpan StartAndStop = TimeSpan.FromMinutes(2);

    public static async Task<SagaEngineResult> RunAsync(string assemblyPath, SagaBenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (!File.Exists(assemblyPath))
        {
            throw new InvalidOperationException($"The baseline benchmark program was not found at '{assemblyPath}'.");
        }

        var directory = Path.GetDirectoryName(assemblyPath)!;
        var commit = await GitCommit.DescribeAsync(RepositoryRoot.Find(directory), cancellationToken);
        progress.WriteLine($"Running the saga benchmark of commit {commit} (the engine the Durable one replaced)...");

        // Every order may take up to its timeout, but a run that hangs must not hold the whole suite.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.OrderTimeout * 2 + StartAndStop);
        var loadBefore = MachineLoad.OneMinuteAverage();
        await using var process = BenchProcess.Start("saga baseline", "dotnet", [assemblyPath, "saga", .. options.ToArguments()], workingDirectory: directory);
        try
        {
            var exitCode = await process.WaitForExitAsync(deadline.Token);
            return new SagaEngineResult(Engine, commit, process.Output, exitCode, loadBefore, MachineLoad.OneMinuteAverage());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var output = $"{process.Output}{Environment.NewLine}Still running after {(options.OrderTimeout * 2 + StartAndStop).TotalMinutes:0} min; stopped.";
            return new SagaEngineResult(Engine, commit, output, -1, loadBefore, MachineLoad.OneMinuteAverage());
        }
    }
}
