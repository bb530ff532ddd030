using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The functions runtime: the catalog, the handlers and the invoker in both modes; the invocation endpoints are
    /// used under the Functions host, and the in-process trigger runtime is added only in standalone mode.
    /// </summary>
    public static IServiceCollection AddGatewayFunctions(this IServiceCollection services, GatewayHostingContext hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(FunctionCatalog.Default);
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<FunctionInvocationEndpoint>();
        services.AddHeartbeatFunctions();
        if (hosting.Mode == HostingMode.Standalone)
        {
            services.AddStandaloneTriggers();
        }

        return services;
    }
}
