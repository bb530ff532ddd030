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
        var proxy = services.AddReverseProxy();
        RemoveKeyRingWarmUp(services);
        return proxy;
    }

    /// <summary>
    /// YARP registers ASP.NET Core data protection for its session-affinity cookies, which no gateway route turns on; the
    /// hosted service that comes with it loads the key ring before the server listens (on a new machine, creating and
    /// writing a key first). Nothing here protects data, so that start-up work is dropped.
    /// </summary>
    private static void RemoveKeyRingWarmUp(IServiceCollection services)
    {
        var warmUp = services.FirstOrDefault(static service => service.ServiceType == typeof(IHostedService)
            && service.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        if (warmUp is not null)
        {
            services.Remove(warmUp);
        }
    }
}
