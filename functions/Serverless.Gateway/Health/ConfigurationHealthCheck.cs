using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Health;

/// <summary>
/// The serving configuration is always valid (invalid changes are never applied); a rejected change is reported as
/// degraded so an operator notices the file on disk and the routes in use have parted ways.
/// </summary>
public sealed class ConfigurationHealthCheck(GatewayConfigMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = monitor.Current;
        var data = new Dictionary<string, object>
        {
            ["revision"] = current.Revision,
            ["routes"] = current.Options.Routes.Count,
            ["backends"] = current.Options.Backends.Count,
        };
        var rejection = monitor.LastRejection;
        return Task.FromResult(rejection.Count == 0
            ? HealthCheckResult.Healthy($"Serving configuration revision {current.Revision}.", data)
            : HealthCheckResult.Degraded(
                $"Serving revision {current.Revision}; the latest change was rejected: {string.Join(" ", rejection)}", data: data));
    }
}
