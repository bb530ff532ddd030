using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Gateway.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The functions runtime, the same in both hosting modes: the catalog of every function added with
    /// <see cref="AddGatewayFunction(IServiceCollection, FunctionDescriptor)"/>, the invoker that runs their handlers, the
    /// host's invocation endpoint, and the one HTTP function (<see cref="GatewayHttpFunction"/>). What triggers the
    /// functions is the hosting mode's: the Functions host, or the standalone trigger runtime.
    /// </summary>
    public static IServiceCollection AddGatewayFunctions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FunctionCatalog>();
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<FunctionInvocationEndpoint>();
        return services.AddGatewayFunction(GatewayHttpFunction.Descriptor);
    }

    /// <summary>
    /// Adds a function that <typeparamref name="THandler"/> runs to the app: it joins the <see cref="FunctionCatalog"/>
    /// (so function.json is generated for it and checked against it) and is invoked in both hosting modes. Adding the
    /// same descriptor again changes nothing; another function of the same name fails when the catalog is built.
    /// </summary>
    public static IServiceCollection AddGatewayFunction<THandler>(this IServiceCollection services, FunctionDescriptor descriptor)
        where THandler : class, IFunctionHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, THandler>());
        return services.AddGatewayFunction(descriptor);
    }

    /// <summary>Adds a function without a handler to the catalog: an HTTP function, which the host proxies to the app's routes instead of invoking.</summary>
    public static IServiceCollection AddGatewayFunction(this IServiceCollection services, FunctionDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!services.Any(service => service.ServiceType == typeof(FunctionDescriptor) && ReferenceEquals(service.ImplementationInstance, descriptor)))
        {
            services.AddSingleton(descriptor);
        }

        return services;
    }
}
