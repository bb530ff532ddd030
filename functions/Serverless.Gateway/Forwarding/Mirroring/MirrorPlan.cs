using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>One route's mirror settings, with the count of its copies in flight.</summary>
internal sealed class MirrorPlan(string routeId, RouteMirrorOptions options)
{
    private int _inFlight;

    public string RouteId { get; } = routeId;

    public string Backend { get; } = options.Backend!;

    public long MaxBodySize { get; } = options.MaxBodySize;

    public TimeSpan Timeout { get; } = options.Timeout;

    private double Percent { get; } = options.Percent;

    private int MaxConcurrency { get; } = options.MaxConcurrency;

    /// <summary>Whether this request is among the share copied; an independent draw per request.</summary>
    public bool Samples() => Percent >= 100 || (Percent > 0 && Random.Shared.NextDouble() * 100 < Percent);

    /// <summary>Takes a slot for one copy, or refuses at once when all are taken: copies wait for nothing.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= MaxConcurrency)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
