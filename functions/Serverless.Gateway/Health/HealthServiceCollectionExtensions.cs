namespace Serverless.Gateway.Health;

public static class HealthServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddGatewayHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag]);
}
