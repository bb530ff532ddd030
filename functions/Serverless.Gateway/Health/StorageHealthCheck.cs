using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Health;

/// <summary>
/// Ready only when the storage account answers: the triggers, rate limits and queries all live there. The probe tries
/// once within <see cref="HealthServiceCollectionExtensions.StorageCheckTimeout"/>, so <c>/readyz</c> answers within a
/// second during an outage, and an outage is logged once when it begins and once when it ends, not per probe.
/// </summary>
public sealed class StorageHealthCheck(IConfiguration configuration, DependencyHealth dependencies) : IHealthCheck
{
    public const string DependencyName = "Storage (readiness probe)";

    private readonly Lazy<StorageClients> _probe = new(() => StorageClientFactory.CreateProbe(configuration, HealthServiceCollectionExtensions.StorageCheckTimeout));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        StorageClients storage;
        try
        {
            storage = _probe.Value;
        }
        catch (InvalidOperationException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }

        try
        {
            await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            await foreach (var _ in storage.Queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            dependencies.Succeeded(DependencyName);
            return HealthCheckResult.Healthy("Table and queue services answered.");
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            dependencies.Failed(DependencyName, ex);
            return HealthCheckResult.Unhealthy(ex is OperationCanceledException
                ? $"Storage did not answer within {HealthServiceCollectionExtensions.StorageCheckTimeout.TotalSeconds:0.0#} s."
                : $"Storage did not answer: {ExceptionSummary.Of(ex)}");
        }
    }
}
