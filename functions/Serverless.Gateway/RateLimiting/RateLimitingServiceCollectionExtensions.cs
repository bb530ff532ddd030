using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// The distributed rate limiter (<see cref="IRateLimiter"/>), quotas (<see cref="IQuotaTracker"/>), the usage reader
    /// (<see cref="IUsageReader"/>), the recent refusals (<see cref="RefusalRecorder"/>, <see cref="IRecentRefusalsReader"/>) and
    /// the background sync, configured from the <c>RateLimiting</c> section and validated
    /// at start-up. Every registration is a TryAdd, so tests and hosts can put their own first.
    /// </summary>
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddGatewayStorage();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RateLimitingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RateLimitingOptions>, RateLimitingOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>());
        services.TryAddSingleton<LiveRateLimitingOptions>();
        services.TryAddSingleton<RateLimitingMetrics>();
        services.TryAddSingleton<RateLimitFleet>();
        services.TryAddSingleton<RateLimitReadiness>();
        services.TryAddSingleton<IRateLimitStore, TableRateLimitStore>();
        services.TryAddSingleton<DistributedRateLimiter>();
        services.TryAddSingleton<IRateLimiter>(provider => provider.GetRequiredService<DistributedRateLimiter>());
        services.TryAddSingleton<DistributedQuotaTracker>();
        services.TryAddSingleton<IQuotaTracker>(provider => provider.GetRequiredService<DistributedQuotaTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICounterSource, DistributedRateLimiter>(provider => provider.GetRequiredService<DistributedRateLimiter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICounterSource, DistributedQuotaTracker>(provider => provider.GetRequiredService<DistributedQuotaTracker>()));
        services.TryAddSingleton<IRateLimitSynchronizer, RateLimitSynchronizer>();
        services.TryAddSingleton<IUsageReader, TableUsageReader>();
        services.TryAddSingleton<RefusalRecorder>();
        services.TryAddSingleton<TableRefusalStore>();
        services.TryAddSingleton<IRecentRefusalsReader>(provider => provider.GetRequiredService<TableRefusalStore>());
        services.TryAddSingleton<RefusalFlushService>();
        services.AddHostedService<RateLimitSyncService>();
        services.AddHostedService(provider => provider.GetRequiredService<RefusalFlushService>());
        return services;
    }
}
