using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events;

/// <summary>Deletes processed-event records past their retention, hourly; the schedule is fixed so deployments need no extra setting.</summary>
public sealed class ProcessedEventsCleanupFunction(ProcessedEventStore store, TimeProvider time, ILogger<ProcessedEventsCleanupFunction> logger) : IFunctionHandler
{
    public const string FunctionName = "ProcessedEventsCleanup";
    public const string Schedule = "0 0 * * * *";

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName, [FunctionBinding.TimerTrigger("timer", Schedule)]);

    public string Name => FunctionName;

    public async ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        var purged = await store.PurgeExpiredAsync(time.GetUtcNow(), cancellationToken);
        logger.Purged(purged);
        return new FunctionResult { Logs = [$"Purged {purged} expired processed-event records."] };
    }
}
