using System.Globalization;

namespace Serverless.Gateway.RateLimiting;

/// <summary>Fixed windows of a rate-limit policy, aligned to the Unix epoch so every instance agrees on their bounds.</summary>
internal sealed class WindowFamily(string policy, RateLimitPolicyOptions options) : CounterFamily
{
    private readonly long _windowMilliseconds = (long)options.Window.TotalMilliseconds;
    private readonly long _burst = options.Burst ?? options.Limit;

    // A changed policy counts afresh (PolicyCounters.Matches), so its rows live apart from those of the version it
    // replaced: in one partition, the old rows' limit would bind the new counters (the coordinator takes the lowest a row
    // states) and the partition's coordinator would go on granting by the old version's burst until the window ended.
    private readonly string _version = (StableHash.Of(string.Create(
        CultureInfo.InvariantCulture, $"{options.Limit}|{options.Window.Ticks}|{options.Burst}|{options.OnStorageFailure}")) >> 32).ToString("x8", CultureInfo.InvariantCulture);

    public string Policy { get; } = policy;

    public TimeSpan Window { get; } = options.Window;

    public override bool KeepsPeriods => false;

    // Long enough that a key that pauses for a few windows keeps what it learned about the other instances.
    public override TimeSpan IdleLifetime => TimeSpan.FromTicks(Math.Max(Window.Ticks * 4, TimeSpan.TicksPerMinute));

    public override long PeriodOf(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / _windowMilliseconds;

    public override DateTimeOffset StartOf(long period) => DateTimeOffset.FromUnixTimeMilliseconds(period * _windowMilliseconds);

    public override DateTimeOffset EndOf(long period) => StartOf(period + 1);

    public override string PartitionKey(int bucket, long period) => $"{bucket:x2}-r-{Policy}-{_version}";

    public override long Budget(long limit, bool follows, long previousBudget, long previousAdmitted) =>
        follows ? limit + Math.Min(_burst - limit, Math.Max(0, previousBudget - previousAdmitted)) : _burst;

    public override double WeightFloor(long limit) => Math.Max(0.01, limit / Window.TotalSeconds / 100);
}
