using Serverless.Gateway.Events;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Heartbeat;

namespace Serverless.Gateway.Hosting;

internal static class GatewayFeatures
{
    /// <summary>
    /// The functions runtime and every feature that adds functions to it. The one list that both the app
    /// (<see cref="GatewayApplication"/>) and <see cref="GatewayFunctionCatalog"/> compose, so the function.json files
    /// generated from the catalog are those of the running app.
    /// </summary>
    public static IServiceCollection AddGatewayFunctionFeatures(this IServiceCollection services)
    {
        services.AddGatewayFunctions();
        services.AddGatewayHeartbeat();
        services.AddGatewayEvents();
        return services;
    }
}
