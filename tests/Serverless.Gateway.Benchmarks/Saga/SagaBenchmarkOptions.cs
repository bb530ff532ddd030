using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// The command line of the saga benchmark:
/// <c>saga [--orders 200] [--concurrency 16] [--warmup 20] [--poll-ms 20] [--timeout-s 300] [--baseline &lt;dll&gt;]</c>.
/// </summary>
public sealed record SagaBenchmarkOptions
{
    public const string Usage = "usage: saga [--orders 200] [--concurrency 16] [--warmup 20] [--poll-ms 20] [--timeout-s 300] [--baseline <Serverless.Gateway.Benchmarks.dll of an earlier commit>]";

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

    public static SagaBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SagaBenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--orders" => options with { Orders = Positive(args, ++i) },
                "--concurrency" => options with { Concurrency = Positive(args, ++i) },
                "--warmup" => options with { Warmup = NonNegative(args, ++i) },
                "--poll-ms" => options with { PollInterval = TimeSpan.FromMilliseconds(Positive(args, ++i)) },
                "--timeout-s" => options with { OrderTimeout = TimeSpan.FromSeconds(Positive(args, ++i)) },
                "--baseline" when i + 1 < args.Count => options with { Baseline = Path.GetFullPath(args[++i]) },
                var unknown => throw new ArgumentException($"Unknown or incomplete argument '{unknown}'. {Usage}"),
            };
        }

        return options;
    }

    /// <summary>These options as the <c>saga</c> mode of this and earlier commits reads them (without the baseline).</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "--orders", Text(Orders), "--concurrency", Text(Concurrency), "--warmup", Text(Warmup),
        "--poll-ms", Text((int)PollInterval.TotalMilliseconds), "--timeout-s", Text((int)OrderTimeout.TotalSeconds),
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Positive(IReadOnlyList<string> args, int index) =>
        NonNegative(args, index) is > 0 and var value ? value : throw new ArgumentException($"{args[index - 1]} must be greater than zero. {Usage}");

    private static int NonNegative(IReadOnlyList<string> args, int index) =>
        index < args.Count && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs a whole number. {Usage}");
}
