using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Health;

/// <summary>
/// The serving configuration is always valid (invalid changes are never applied); a rejected change is reported as
/// degraded so an operator notices the file on disk, or the live published revision, and the routes in use have parted
/// ways. Where revisions are on, the published revision serving, a live one refused and a pointer that cannot be read
/// are reported too.
/// </summary>
public sealed class ConfigurationHealthCheck(GatewayConfigMonitor monitor, ConfigurationRevisionStatus revisions) : IHealthCheck
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
        var problems = new List<string>();
        var serving = $"Serving configuration revision {current.Revision}";
        if (revisions.Enabled)
        {
            var published = revisions.Current;
            serving += published.Applied is { } applied ? $" (published revision {applied})" : " (the bootstrap configuration; no published revision applied)";
            if (published.Applied is { } number)
            {
                data["publishedRevision"] = number;
            }

            if (published.Rejected is { } rejected)
            {
                data["rejectedRevision"] = rejected;
                problems.Add($"published revision {rejected} is live but was rejected: {string.Join(" ", published.RejectionErrors)}");
            }

            if (published.ReadError is { } readError)
            {
                problems.Add($"the live revision cannot be read: {readError}");
            }
        }

        if (monitor.LastRejection is { Count: > 0 } rejection)
        {
            problems.Add($"the latest change was rejected: {string.Join(" ", rejection)}");
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{serving}.", data)
            : HealthCheckResult.Degraded($"{serving}; {string.Join("; ", problems)}", data: data));
    }
}
