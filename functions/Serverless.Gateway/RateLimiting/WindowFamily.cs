namespace Serverless.Gateway.RateLimiting;

/// <summary>Fixed windows of a rate-limit policy, aligned to the Unix epoch so every instance agrees on their bounds.</summary>
internal sealed class WindowFamily(string policy, RateLimitPolicyOptions options) : CounterFamily
{
    private readonly long _windowMilliseconds = (long)options.Window.TotalMilliseconds;
    private readonly long _burst = options.Burst ?? options.Limit;

    public string Policy { get; } = policy;

    public TimeSpan Window { get; } = options.Window;

    public override bool KeepsPeriods => false;

    // Long enough that a key that pauses for a few windows keeps what it learned about the other instances.
    public override TimeSpan IdleLifetime => TimeSpan.FromTicks(Math.Max(Window.Ticks * 4, TimeSpan.TicksPerMinute));

    public override long PeriodOf(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / _windowMilliseconds;

    public override DateTimeOffset StartOf(long period) => DateTimeOffset.FromUnixTimeMilliseconds(period * _windowMilliseconds);

    public override DateTimeOffset EndOf(long period) => StartOf(period + 1);

    public override string PartitionKey(int bucket, long period) => $"{bucket:x2}-r-{Policy}";

    public override long Budget(long limit, bool follows, long previousBudget, long previousAdmitted) =>
        follows ? limit + Math.Min(_burst - limit, Math.Max(0, previousBudget - previousAdmitted)) : _burst;

    public override double WeightFloor(long limit) => Math.Max(0.01, limit / Window.TotalSeconds / 100);
}
