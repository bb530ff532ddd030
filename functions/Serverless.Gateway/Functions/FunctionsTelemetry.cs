using System.Diagnostics;
using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Functions;

/// <summary>Tracing for function invocations, on the gateway's activity source so the existing tracer picks it up.</summary>
internal static class FunctionsTelemetry
{
    public const string FunctionNameTag = "faas.name";
    public const string TriggerTag = "faas.trigger";

    public static readonly ActivitySource Source = new(GatewayTelemetry.ActivitySourceName);

    /// <summary>OpenTelemetry's <c>faas.trigger</c> values for the trigger types the app uses.</summary>
    public static string TriggerKind(FunctionBinding trigger) => trigger.Type switch
    {
        FunctionBinding.TimerTriggerType => "timer",
        FunctionBinding.HttpTriggerType => "http",
        FunctionBinding.QueueTriggerType => "datasource",
        FunctionBinding.ServiceBusTriggerType => "pubsub",
        _ => "pubsub",
    };
}
