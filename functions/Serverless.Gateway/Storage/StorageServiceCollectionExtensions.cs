using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Gateway.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageClients"/> for the <c>AzureWebJobsStorage</c> connection. The clients are created on
    /// first use, so a gateway that only proxies starts without storage configured.
    /// </summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new StorageClients(() =>
        {
            var clients = StorageClientFactory.Create(provider.GetRequiredService<IConfiguration>());
            return (clients.Tables, clients.Queues);
        }));
        return services;
    }
}
