using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// The fleet's view of every destination on <c>/readyz</c>: whether it is in rotation, what that rests on, how many
/// instances reported it within the window and with what failure ratio. Degraded (still ready, 200) while the fleet
/// keeps a destination out or while storage is unavailable and this instance judges alone; never unhealthy, since
/// the gateway serves either way.
/// </summary>
internal sealed class FleetHealthCheck(
    FleetHealthActivation activation, FleetMembership membership, FleetVerdicts verdicts, GatewayConfigMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!activation.IsActive)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Destination health is not shared: each instance judges its destinations alone."));
        }

        var data = new Dictionary<string, object>
        {
            ["mode"] = membership.IsShared ? "shared" : "alone",
            ["instances"] = membership.Instances,
        };
        var taken = new List<string>();
        foreach (var (backend, settings) in monitor.Current.Options.Backends.OrderBy(static b => b.Key, StringComparer.Ordinal))
        {
            foreach (var destination in settings.Destinations.Keys.Order(StringComparer.Ordinal))
            {
                var verdict = verdicts.Get(backend, destination);
                data[$"{backend}/{destination}"] = new
                {
                    verdict = verdict is null ? "none" : verdict.InRotation ? "in" : "out",
                    source = verdict?.Source ?? VerdictSource.None,
                    reporters = verdict?.Reporters ?? 0,
                    requests = verdict?.Requests ?? 0,
                    failureRatio = Math.Round(verdict?.FailureRatio ?? 0, 3),
                    probe = (verdict?.Probe ?? ProbeStatus.Unknown).ToString().ToLowerInvariant(),
                    prober = membership.IsProber(backend, destination),
                    judgedBy = verdict?.JudgedBy,
                    judgedAt = verdict?.JudgedAt,
                };
                if (verdict is { InRotation: false })
                {
                    taken.Add($"{backend}/{destination} ({verdict.Source})");
                }
            }
        }

        // Before its first round an instance judges alone too, but nothing has failed: that is not worth a Degraded.
        var alone = membership.IsStorageFailing ? " Storage is unavailable: this instance judges its destinations alone." : string.Empty;
        return Task.FromResult(taken.Count == 0 && !membership.IsStorageFailing
            ? HealthCheckResult.Healthy($"Every destination is in rotation across {membership.Instances} instance(s).", data: data)
            : HealthCheckResult.Degraded(
                (taken.Count == 0 ? "Every destination is in rotation." : $"Out of rotation by the fleet: {string.Join(", ", taken)}.") + alone, data: data));
    }
}
