using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The order notifications webhook consumer and its function, with its options (section <c>Events:Notifications</c>,
    /// validated at start-up). Always registered, because function.json lists the function; see
    /// <see cref="NotificationOptions"/> for when it calls.
    /// </summary>
    public static IServiceCollection AddGatewayNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OrderNotifications>();
        services.AddGatewayFunction<OrderNotificationsFunction>(OrderNotificationsFunction.Descriptor);
        return services;
    }
}
