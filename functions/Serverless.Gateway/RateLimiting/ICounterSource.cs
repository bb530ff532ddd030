namespace Serverless.Gateway.RateLimiting;

/// <summary>Holds counters the sync loop exchanges with storage: the rate limiter's and the quota tracker's.</summary>
internal interface ICounterSource
{
    /// <summary>Adds the counters the next round must sync to <paramref name="due"/>, and forgets idle ones.</summary>
    void Collect(DateTimeOffset now, List<CounterState> due);
}
