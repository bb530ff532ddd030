using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Caching;

public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// The response cache of routes with <c>Cache</c>: its <c>Caching</c> settings, bound strictly and validated at
    /// start-up, the in-memory tier, and the shared tier in storage. The middleware needs AddGatewayPolicies and AddGatewayStorage.
    /// </summary>
    public static IServiceCollection AddGatewayCaching(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CachingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CachingOptions>, CachingOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CachingOptions>, CachingOptionsValidator>());
        services.TryAddSingleton<RouteCacheResolver>();
        services.TryAddSingleton<MemoryResponseCache>();
        services.TryAddSingleton<SharedResponseCache>();
        return services;
    }
}
