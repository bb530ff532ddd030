using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Events.Queries;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>The order queries' options (section <c>Orders</c>), validated at start-up.</summary>
    public static IServiceCollection AddGatewayOrders(this IServiceCollection services)
    {
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrdersOptions>, OrdersOptionsValidator>());
        return services;
    }
}
