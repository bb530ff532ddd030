using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Health;

public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>How long the storage check may take: probes give up after about a second, and so must readiness.</summary>
    public static readonly TimeSpan StorageCheckTimeout = TimeSpan.FromMilliseconds(800);

    public static IHealthChecksBuilder AddGatewayHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<DependencyHealth>();
        services.TryAddSingleton<ConfigurationRevisionStatus>();
        return services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag], timeout: StorageCheckTimeout)
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag]);
    }
}
