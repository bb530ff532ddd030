using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Events.Projection;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Publishing the saga's events to the <c>order-events</c> topic and the downstream functions of its subscriptions,
    /// with de-duplication by event id (section <c>Events</c>, validated at start-up); each function joins the catalog. A
    /// message's last delivery is judged by <see cref="IEventDeliveryLimit"/>: the configured Service Bus limit unless the
    /// composition root puts the runtime's own in its place.
    /// </summary>
    public static IServiceCollection AddGatewayEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ProcessedEventStore>();
        services.TryAddSingleton<EventsMetrics>();
        services.TryAddSingleton<IEventDeliveryLimit, ConfiguredEventDeliveryLimit>();
        services.TryAddSingleton<EventConsumerPipeline>();
        services.AddGatewayFunction<ProcessedEventsCleanupFunction>(ProcessedEventsCleanupFunction.Descriptor);
        services.TryAddSingleton<OrderProjectionStore>();
        services.TryAddSingleton<OrderProjection>();
        services.AddGatewayFunction<OrderProjectionFunction>(OrderProjectionFunction.Descriptor);
        services.TryAddSingleton<OrderAuditStore>();
        services.TryAddSingleton<OrderAudit>();
        services.AddGatewayFunction<OrderAuditFunction>(OrderAuditFunction.Descriptor);
        services.AddGatewayNotifications();
        return services;
    }
}
