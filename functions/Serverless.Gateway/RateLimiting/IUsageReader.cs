namespace Serverless.Gateway.RateLimiting;

/// <summary>Reads a tenant's current usage from storage, summed over every instance, for operators.</summary>
public interface IUsageReader
{
    Task<TenantUsage> ReadAsync(string tenant, CancellationToken cancellationToken);
}
