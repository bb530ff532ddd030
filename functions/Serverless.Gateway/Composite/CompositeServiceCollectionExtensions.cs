using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Gateway.Composite;

public static class CompositeServiceCollectionExtensions
{
    /// <summary>Composite routes (<c>Gateway:Routes:&lt;id&gt;:Parts</c>). Call after AddGatewayForwarding and AddGatewayAuth.</summary>
    public static IServiceCollection AddGatewayComposite(this IServiceCollection services)
    {
        services.TryAddSingleton<CompositeRouteResolver>();
        services.TryAddSingleton<PartCaller>();
        return services;
    }
}
