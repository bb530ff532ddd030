using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Health;

/// <summary>Ready only when the storage account answers: the triggers, rate limits and sagas all live there.</summary>
public sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = services.GetRequiredService<StorageClients>();
        try
        {
            _ = storage.Tables;
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

            return HealthCheckResult.Healthy("Table and queue services answered.");
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Storage did not answer: {ex.GetType().Name}.");
        }
    }
}
