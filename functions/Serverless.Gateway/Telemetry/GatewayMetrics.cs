using System.Diagnostics.Metrics;

namespace Serverless.Gateway.Telemetry;

/// <summary>
/// The gateway's own instruments. Request rate and duration per route come from ASP.NET Core's
/// <c>http.server.request.duration</c> (tagged with <c>http.route</c> and <c>gateway.route</c>) and backend call
/// duration and outcome from <c>http.client.request.duration</c>; these add what those cannot see.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Serverless.Gateway";

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        CircuitTransitions = meter.CreateCounter<long>(
            "gateway.circuit.transitions", "{transition}", "Circuit breaker state changes per backend destination, tagged by new state.");
        ProxyErrors = meter.CreateCounter<long>(
            "gateway.proxy.errors", "{error}", "Requests the gateway answered itself because the backend could not, tagged by problem code.");
        Retries = meter.CreateCounter<long>(
            "gateway.backend.retries", "{retry}", "Retried backend attempts.");
        Refusals = meter.CreateCounter<long>(
            "gateway.policy.refusals", "{request}", "Requests refused by authentication, authorization, rate limits or quotas, tagged by route and problem code.");
        ConfigReloads = meter.CreateCounter<long>(
            "gateway.config.reloads", "{reload}", "Configuration changes, tagged applied or rejected.");
        ConfigRevisions = meter.CreateCounter<long>(
            "gateway.config.revisions", "{revision}", "Published configuration revisions an instance read, tagged by outcome (applied or rejected) and revision number.");
        DependencyFailures = meter.CreateCounter<long>(
            "gateway.dependency.failures", "{failure}", "Failed calls of background work to a dependency (a storage queue or table), tagged by dependency.");
        CanaryRollbacks = meter.CreateCounter<long>(
            "gateway.canary.rollbacks", "{rollback}", "Canary groups an instance stopped routing to because they did worse than the stable group, tagged by backend and group.");
        MirrorRequests = meter.CreateCounter<long>(
            "gateway.mirror.requests", "{request}", "Shadow copies of mirrored routes, tagged by route and outcome (sent, skipped_concurrency, skipped_body, failed, timeout).");
        MirrorDuration = meter.CreateHistogram<double>(
            "gateway.mirror.duration", "s", "Latency of shadow copies that got an answer, tagged by route and status class.");
        MirrorPrimaryDuration = meter.CreateHistogram<double>(
            "gateway.mirror.primary.duration", "s", "Latency of the real requests whose copies got an answer, tagged as gateway.mirror.duration is, to compare the two.");
        MirrorMismatches = meter.CreateCounter<long>(
            "gateway.mirror.mismatches", "{request}", "Shadow copies answered with a status other than the caller's, tagged by route and both status classes.");
        CacheLookups = meter.CreateCounter<long>(
            "gateway.cache.lookups", "{lookup}", "GET and HEAD requests on routes with a response cache, tagged by route and result (hit, miss, stale or bypass).");
    }

    public Counter<long> CircuitTransitions { get; }

    public Counter<long> CacheLookups { get; }

    public Counter<long> ProxyErrors { get; }

    public Counter<long> Retries { get; }

    public Counter<long> ConfigReloads { get; }

    public Counter<long> ConfigRevisions { get; }

    public Counter<long> Refusals { get; }

    public Counter<long> DependencyFailures { get; }

    public Counter<long> CanaryRollbacks { get; }

    public Counter<long> MirrorRequests { get; }

    public Histogram<double> MirrorDuration { get; }

    public Histogram<double> MirrorPrimaryDuration { get; }

    public Counter<long> MirrorMismatches { get; }
}
