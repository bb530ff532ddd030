using System.Collections.Concurrent;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Health;

/// <summary>
/// What the gateway's background work knows about the services it polls (storage queues, tables). A dependency that
/// keeps failing is logged once when it starts failing and once when it recovers, each time in one line without a
/// stack trace, so an outage costs two log lines per dependency instead of one stack trace per poll; every failure
/// still counts in <c>gateway.dependency.failures</c>.
/// </summary>
public sealed class DependencyHealth(GatewayMetrics metrics, TimeProvider time, ILogger<DependencyHealth> logger)
{
    private readonly ConcurrentDictionary<string, DependencyOutage> _outages = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="dependency"/> failed on its last use.</summary>
    public bool IsFailing(string dependency) => _outages.ContainsKey(dependency);

    public void Failed(string dependency, Exception exception)
    {
        metrics.DependencyFailures.Add(1, new KeyValuePair<string, object?>("gateway.dependency", dependency));
        var outage = _outages.GetOrAdd(dependency, static (_, now) => new DependencyOutage(now), time.GetUtcNow());
        if (outage.RecordFailure() == 1)
        {
            var reason = ExceptionSummary.Of(exception);
            DependencyLog.Failing(logger, dependency, reason);
        }
    }

    public void Succeeded(string dependency)
    {
        if (!_outages.IsEmpty && _outages.TryRemove(dependency, out var outage))
        {
            var duration = time.GetUtcNow() - outage.Since;
            DependencyLog.Recovered(logger, dependency, duration, outage.Failures);
        }
    }
}
