namespace Serverless.Gateway.Triggers;

/// <summary>
/// The wait between polls of an empty queue: doubling from <paramref name="minimum"/> up to <paramref name="maximum"/>,
/// reset by the first message, with jitter so that instances started together do not poll in lockstep.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan _current = TimeSpan.Zero;

    public TimeSpan Next()
    {
        _current = _current == TimeSpan.Zero ? minimum : TimeSpan.FromTicks(Math.Min(maximum.Ticks, _current.Ticks * 2));
        var jittered = _current * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return jittered < maximum ? jittered : maximum;
    }

    public void Reset() => _current = TimeSpan.Zero;
}
