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
    /// with de-duplication by event id (section <c>Events</c>, validated at start-up).
    /// </summary>
    public static IServiceCollection AddGatewayEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ProcessedEventStore>();
        services.TryAddSingleton<EventsMetrics>();
        services.TryAddSingleton<EventConsumerPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, ProcessedEventsCleanupFunction>());
        services.TryAddSingleton<OrderProjectionStore>();
        services.TryAddSingleton<OrderProjection>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, OrderProjectionFunction>());
        services.TryAddSingleton<OrderAuditStore>();
        services.TryAddSingleton<OrderAudit>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, OrderAuditFunction>());
        services.AddGatewayNotifications();
        return services;
    }
}
