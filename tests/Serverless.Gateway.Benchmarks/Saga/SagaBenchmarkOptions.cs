using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>What the saga benchmark runs; <see cref="SagaCommand"/> reads it from the command line.</summary>
public sealed record SagaBenchmarkOptions
{
    /// <summary>Orders placed and measured.</summary>
    public int Orders { get; init; } = 200;

    /// <summary>Orders in flight at once: each worker places an order, waits for it to end, then places the next.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Orders placed and completed before measuring, to warm up JIT, connections, tables and queues.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>How often each in-flight order's status is read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long an order may take from its POST to a terminal status before the run fails.</summary>
    public TimeSpan OrderTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The orders service's <c>Orders:TaskHub:MaxQueuePollingInterval</c>: the longest wait between two polls of an
    /// idle task hub queue. 100 ms, the queue polling the replaced engine's benchmark used (the service's default is 1 s,
    /// Durable Functions' 30 s).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The benchmark program of an earlier commit whose <c>saga</c> mode measures the engine the Durable one replaced;
    /// it runs first, with the same options. benchmarks/run.sh builds it in a temporary git worktree. Default: none.
    /// </summary>
    public string? Baseline { get; init; }

    /// <summary>These options as the <c>saga</c> mode of this and earlier commits reads them (without the baseline).</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "--orders", Text(Orders), "--concurrency", Text(Concurrency), "--warmup", Text(Warmup),
        "--poll-ms", Text((int)PollInterval.TotalMilliseconds), "--timeout-s", Text((int)OrderTimeout.TotalSeconds),
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
