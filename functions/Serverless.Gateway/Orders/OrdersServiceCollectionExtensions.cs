using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>
    /// The order saga: its options (section <c>Orders</c>, validated at start-up), store, participants, state machine and
    /// the queue-triggered function. The function is always registered, because function.json lists it; it acts only when
    /// <see cref="OrdersOptions.Enabled"/>.
    /// </summary>
    public static IServiceCollection AddGatewayOrders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrdersOptions>, OrdersOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, OrderSagaFunction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, OrderSagaSweeperFunction>());
        if (!configuration.GetValue<bool>($"{OrdersOptions.SectionName}:{nameof(OrdersOptions.Enabled)}"))
        {
            return services;
        }

        services.TryAddSingleton<OrderSagaStore>();
        services.TryAddSingleton<OrdersMetrics>();
        services.TryAddSingleton<SagaParticipants>();
        services.TryAddSingleton<OrderSagaMachine>();
        services.TryAddSingleton<OrderSagaProcessor>();
        services.TryAddSingleton<OrderSagaSweeper>();
        return services;
    }
}
