using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds YARP fed from the <c>Gateway</c> configuration section, validated as a whole at start-up (the monitor is
    /// created while the endpoints are built, so bad configuration stops the process) and on every reload. The folders
    /// that transform proxied requests register their own <see cref="Yarp.ReverseProxy.Transforms.Builder.ITransformProvider"/>s.
    /// </summary>
    public static IReverseProxyBuilder AddGatewayRouting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayConfigMonitor>();
        services.TryAddSingleton(new HealthProbeMode(sharedByFleet: false));
        services.TryAddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddRequestTimeouts();
        return services.AddReverseProxy();
    }
}
