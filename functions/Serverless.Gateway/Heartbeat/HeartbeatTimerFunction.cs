using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Heartbeat;

/// <summary>
/// Proves the timer trigger and the queue output binding: on every tick of <c>%HeartbeatSchedule%</c> it emits one
/// heartbeat message to the <c>gateway-heartbeat</c> queue.
/// </summary>
public sealed class HeartbeatTimerFunction(TimeProvider time, IConfiguration configuration, ILogger<HeartbeatTimerFunction> logger) : IFunctionHandler
{
    public const string FunctionName = "HeartbeatTimer";

    /// <summary>The app setting holding the six-field NCRONTAB schedule; the host resolves it too, so it must be set in Azure.</summary>
    public const string ScheduleSetting = "HeartbeatSchedule";

    public const string QueueName = "gateway-heartbeat";
    public const string TimerBinding = "timer";
    public const string OutputBinding = "heartbeat";

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName,
    [
        FunctionBinding.TimerTrigger(TimerBinding, $"%{ScheduleSetting}%"),
        FunctionBinding.QueueOutput(OutputBinding, QueueName, StorageClientFactory.DefaultConnectionName),
    ]);

    public string Name => FunctionName;

    public ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var now = time.GetUtcNow();
        var heartbeat = new HeartbeatMessage(Guid.CreateVersion7(now).ToString("N"), now, Source());
        var isPastDue = invocation.Data.TryGetValue(TimerBinding, out var timer) && new InvocationValues(timer).GetBoolean("IsPastDue") == true;
        logger.Emitted(heartbeat.Id, heartbeat.Source, isPastDue);
        return ValueTask.FromResult(new FunctionResult
        {
            Outputs = new Dictionary<string, System.Text.Json.JsonElement> { [OutputBinding] = heartbeat.ToJson() },
            Logs = [$"Emitted heartbeat {heartbeat.Id}."],
        });
    }

    /// <summary>The instance id Azure sets for each worker, so heartbeats show which instances are alive; the machine name elsewhere.</summary>
    private string Source() => configuration["WEBSITE_INSTANCE_ID"] is { Length: > 0 } instance ? instance : Environment.MachineName;
}
