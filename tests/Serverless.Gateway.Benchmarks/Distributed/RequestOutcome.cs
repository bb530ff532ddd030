namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>One request of the load: when it was sent (UTC, as the gateways' windows are), how long it took and its status (0: no answer).</summary>
public readonly record struct RequestOutcome(DateTimeOffset Sent, TimeSpan Latency, int Status)
{
    public DateTimeOffset Answered => Sent + Latency;
}
