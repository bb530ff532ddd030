namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// What the fleet admitted against what it was allowed, over every (key, window) with requests. B is a window's budget
/// (the limit: the scenario's policies have no burst); the bound is docs/auth-and-rate-limits.md's: admitted ≤ B plus
/// the even splits ceil(B / n) that counters new to an instance or back from idle could start the window (and the
/// next) with, n being the fewest instances that instance knew of in the window.
/// </summary>
public sealed record AccuracyFigures
{
    public long Requests { get; init; }

    public long Admitted { get; init; }

    /// <summary>(key, window) pairs with at least one request.</summary>
    public long Windows { get; init; }

    /// <summary>The largest admitted / B over the windows.</summary>
    public double MaxAdmittedOverBudget { get; init; }

    /// <summary>Windows that admitted more than B.</summary>
    public long WindowsOverBudget { get; init; }

    /// <summary>Windows that admitted more than the bound.</summary>
    public long WindowsOverBound { get; init; }

    /// <summary>Of <see cref="WindowsOverBound"/>, those in which some instance admitted while deciding alone (storage unavailable: fail-open, outside the bound).</summary>
    public long WindowsOverBoundFailOpen { get; init; }

    /// <summary>The largest (admitted − B) over the windows, in units of ceil(B / N) with N the scenario's instances.</summary>
    public double MaxExcessInSplits { get; init; }

    /// <summary>Requests admitted while the deciding instance's storage was unavailable.</summary>
    public long AdmittedFailOpen { get; init; }

    /// <summary>Σ min(admitted, B) / Σ min(requests, B) over the windows: 1 when every request that fitted in the budget was admitted.</summary>
    public double Utilisation { get; init; }
}
