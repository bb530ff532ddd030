using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Triggers;

public static class TriggersServiceCollectionExtensions
{
    /// <summary>
    /// The standalone trigger runtime: queue and timer listeners, the queue output binding, and the hosted service that
    /// runs them from the function.json files. Only for standalone mode: under the Functions host the host triggers.
    /// </summary>
    public static IServiceCollection AddStandaloneTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StandaloneTriggerOptions>().BindConfiguration(StandaloneTriggerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueueTriggerOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<QueueTriggerOptions>, QueueTriggerOptionsSetup>());
        services.TryAddSingleton<QueueClientProvider>();
        services.TryAddSingleton<OutputBindingWriter>();
        services.TryAddSingleton<TriggeredFunctionRunner>();
        services.TryAddSingleton<StorageQueueListeners>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutputBinder, QueueOutputBinder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerListenerFactory, QueueTriggerListenerFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerListenerFactory, TimerTriggerListenerFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerListenerFactory, ServiceBusTriggerListenerFactory>());
        services.AddHostedService<StandaloneTriggerHost>();
        return services;
    }
}
