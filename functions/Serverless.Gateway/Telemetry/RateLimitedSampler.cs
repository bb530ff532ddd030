using OpenTelemetry.Trace;

namespace Serverless.Gateway.Telemetry;

/// <summary>
/// Starts at most <c>tracesPerSecond</c> new traces a second, spread evenly with a burst of one second's worth
/// (a generic cell rate algorithm: no lock, one compare-and-swap per kept trace). Calls the gateway makes outside any
/// request (the rate limiter's sync, queue polling) would otherwise spend the budget, so a client span without a
/// parent is never kept. Wrapped in a parent-based sampler, a trace started upstream keeps its caller's decision.
/// </summary>
public sealed class RateLimitedSampler : Sampler
{
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly long _burst;
    private long _theoreticalArrival;

    public RateLimitedSampler(double tracesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tracesPerSecond);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _interval = tracesPerSecond > 0 ? (long)(time.TimestampFrequency / tracesPerSecond) : long.MaxValue;
        _burst = time.TimestampFrequency;
        Description = $"RateLimitedSampler{{{tracesPerSecond}}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == System.Diagnostics.ActivityKind.Client || _interval == long.MaxValue)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        var now = _time.GetTimestamp();
        while (true)
        {
            var arrival = Volatile.Read(ref _theoreticalArrival);
            var start = Math.Max(arrival, now - _burst + _interval);
            if (start > now)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            if (Interlocked.CompareExchange(ref _theoreticalArrival, start + _interval, arrival) == arrival)
            {
                return new SamplingResult(SamplingDecision.RecordAndSample);
            }
        }
    }
}
