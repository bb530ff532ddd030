using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Heartbeat;

public static class HeartbeatServiceCollectionExtensions
{
    /// <summary>The heartbeat functions, which exercise a timer trigger, a queue output and a queue trigger end to end.</summary>
    public static IServiceCollection AddGatewayHeartbeat(this IServiceCollection services)
    {
        services.AddGatewayFunction<HeartbeatTimerFunction>(HeartbeatTimerFunction.Descriptor);
        services.AddGatewayFunction<HeartbeatRecorderFunction>(HeartbeatRecorderFunction.Descriptor);
        return services;
    }
}
