using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Heartbeat;

public static class HeartbeatServiceCollectionExtensions
{
    /// <summary>The heartbeat functions, which exercise a timer trigger, a queue output and a queue trigger end to end.</summary>
    public static IServiceCollection AddHeartbeatFunctions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, HeartbeatTimerFunction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, HeartbeatRecorderFunction>());
        return services;
    }
}
