using System.Diagnostics;

namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>The orders of one run, in the order they were placed.</summary>
public sealed record SagaLoadResult(IReadOnlyList<SagaOrderResult> Orders)
{
    public int Completed => Orders.Count(static order => order.IsCompleted);

    /// <summary>Orders that ended, but not Completed (Cancelled or NeedsAttention).</summary>
    public int EndedOtherwise => Orders.Count(static order => order.IsTerminal && !order.IsCompleted);

    /// <summary>Orders that were not accepted, or did not reach a terminal status in time.</summary>
    public int NotTerminal => Orders.Count(static order => !order.IsTerminal);

    /// <summary>From the first POST's start to the last terminal status seen.</summary>
    public TimeSpan WallTime =>
        Orders.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Orders.Min(static order => order.PostStarted), Orders.Max(static order => order.TerminalSeen ?? order.PostStarted));

    /// <summary>Completed orders over <see cref="WallTime"/>.</summary>
    public double SagasPerSecond => WallTime > TimeSpan.Zero ? Completed / WallTime.TotalSeconds : 0;
}
