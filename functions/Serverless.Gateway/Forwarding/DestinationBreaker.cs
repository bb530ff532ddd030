using Polly;

namespace Serverless.Gateway.Forwarding;

/// <summary>One destination's circuit breaker and, while it is open, when it will let a probe through.</summary>
public sealed class DestinationBreaker
{
    public ResiliencePipeline<ProxyOutcome> Pipeline { get; internal set; } = ResiliencePipeline<ProxyOutcome>.Empty;

    public DateTimeOffset? OpenUntil { get; internal set; }
}
