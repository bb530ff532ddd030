using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// Degraded while this instance has rolled back a canary group under the backend's current configuration: the
/// gateway still serves (the stable group takes the traffic), but the rollout needs an operator.
/// </summary>
public sealed class CanaryHealthCheck(CanaryRollbacks rollbacks, GatewayConfigMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backends = monitor.Current.Options.Backends;
        var current = rollbacks.All
            .Where(r => backends.TryGetValue(r.Backend, out var backend) && backend.Groups.Count > 0
                && JsonSerializer.Serialize(new BackendSplitConfig(backend.Groups, backend.Split)) == r.SplitConfiguration)
            .OrderBy(r => r.Backend, StringComparer.Ordinal)
            .ToList();
        if (current.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No canary group is rolled back on this instance."));
        }

        var data = current.ToDictionary(r => r.Backend, r => (object)r.Group);
        return Task.FromResult(HealthCheckResult.Degraded(
            string.Join(" ", current.Select(r => $"Backend '{r.Backend}': canary group '{r.Group}' rolled back to '{r.Against}' on this instance at {r.At:O} ({r.Reason}).")),
            data: data));
    }
}
