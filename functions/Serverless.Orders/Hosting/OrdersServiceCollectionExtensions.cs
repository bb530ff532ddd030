using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.GatewayIdentity;
using Serverless.Orders.Api;
using Serverless.Orders.Events;
using Serverless.Orders.Participants;
using Serverless.Orders.Saga;
using Serverless.Orders.Telemetry;

namespace Serverless.Orders.Hosting;

public static class OrdersServiceCollectionExtensions
{
    public const string GatewaySection = "Orders:Gateway";

    /// <summary>
    /// Everything both hosting modes share: options (validated at start-up), the gateway assertion check, the saga's
    /// participants and event sender, and the orchestrator's and activities' dependencies.
    /// </summary>
    public static IServiceCollection AddOrdersService(this IServiceCollection services, IConfiguration configuration, OrdersHostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ParticipantsOptions>().BindConfiguration(ParticipantsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OrderEventsOptions>().BindConfiguration(OrderEventsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddGatewayAssertionValidation(GatewaySection);

        services.TryAddSingleton<OrdersMetrics>();
        services.TryAddSingleton<OrdersAuthorization>();
        services.TryAddSingleton(_ => new IdempotencyLedger(StorageConnection.From(configuration).Tables()));
        services.AddHttpClient<SagaParticipants>(static http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddTransient<ParticipantActivity>();
        services.TryAddTransient<PublishOrderEventActivity>();
        services.TryAddSingleton<IOrderEventSender>(provider => TransportOf(provider, mode) switch
        {
            OrderEventTransport.ServiceBus => ActivatorUtilities.CreateInstance<ServiceBusOrderEventSender>(provider,
                ServiceBusConnection.CreateClient(configuration, provider.GetRequiredService<IOptions<OrderEventsOptions>>().Value.Connection)),
            _ => ActivatorUtilities.CreateInstance<StorageQueueOrderEventSender>(provider, StorageConnection.From(configuration).Queues()),
        });
        return services;
    }

    /// <summary>The saga's orchestrator and activities for the standalone Durable Task worker, under the names Durable Functions gives them.</summary>
    public static DurableTaskRegistry AddOrderSagaTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<OrderSagaOrchestrator>(SagaTasks.Orchestrator);
        foreach (var step in SagaTasks.Steps)
        {
            registry.AddActivity<ParticipantActivity>(SagaTasks.ActivityFor(step));
        }

        registry.AddActivity<PublishOrderEventActivity>(SagaTasks.PublishEvent);
        return registry;
    }

    private static OrderEventTransport TransportOf(IServiceProvider provider, OrdersHostingMode mode) =>
        provider.GetRequiredService<IOptions<OrderEventsOptions>>().Value.Transport
            ?? (mode == OrdersHostingMode.FunctionsHost ? OrderEventTransport.ServiceBus : OrderEventTransport.StorageQueues);
}
