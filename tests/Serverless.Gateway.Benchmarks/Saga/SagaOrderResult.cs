using System.Diagnostics;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// One order of a run. Times are <see cref="Stopwatch"/> timestamps: the POST's start, the answer to
/// it, and the end of the GET that first showed a terminal status. <see cref="Last"/> is the last status seen, if any;
/// <see cref="Reads"/> how long each successful status read took.
/// </summary>
public sealed record SagaOrderResult(
    string? Id,
    long PostStarted,
    long? PostAnswered,
    long? TerminalSeen,
    SagaOrderSnapshot? Last,
    IReadOnlyList<TimeSpan> Reads,
    int PollErrors,
    string? Error)
{
    public bool IsTerminal => TerminalSeen is not null;

    public bool IsCompleted => IsTerminal && Last?.IsCompleted == true;

    public TimeSpan? PostLatency => PostAnswered is { } answered ? Stopwatch.GetElapsedTime(PostStarted, answered) : null;

    public TimeSpan? TerminalLatency => TerminalSeen is { } seen ? Stopwatch.GetElapsedTime(PostStarted, seen) : null;

    /// <summary>The saga's duration as the orders service stored it: the order's creation to its last (terminal) update.</summary>
    public TimeSpan? StoredDuration => IsTerminal && Last is { } last ? last.UpdatedAt - last.CreatedAt : null;
}
