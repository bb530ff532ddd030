using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>The settings of one backend that the fleet verdict applies: its circuit breaker's thresholds and whether it is probed.</summary>
internal readonly record struct BackendHealthRules(bool JudgesTraffic, double FailureRatio, int MinimumThroughput, TimeSpan BreakDuration, bool Probed)
{
    public static BackendHealthRules Of(BackendOptions backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var breaker = backend.Resilience.CircuitBreaker;
        return new(breaker.Enabled, breaker.FailureRatio, breaker.MinimumThroughput, breaker.BreakDuration, backend.HealthProbe.Enabled);
    }
}
