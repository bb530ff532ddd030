using Cronos;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>
/// A timer trigger: runs the function at each occurrence of its NCRONTAB schedule (UTC, as the host's default).
/// A run so late that a later occurrence has passed too is flagged <c>IsPastDue</c>, and the missed occurrences are
/// skipped rather than replayed, as the host does. Unlike the host, there is no cross-instance singleton lock:
/// every standalone instance fires, so timer functions must tolerate that (the heartbeat does, by design).
/// </summary>
internal sealed class TimerTriggerListener(
    FunctionDescriptor function,
    CronExpression schedule,
    TriggeredFunctionRunner runner,
    TimeProvider time,
    ILogger<TimerTriggerListener> logger) : ITriggerListener
{
    /// <summary>Task.Delay accepts at most about 49 days; longer waits are taken in steps.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        var next = schedule.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
        var expression = function.Trigger.GetRequiredString("schedule");
        logger.TimerListenerStarted(function.Name, expression, next);
        try
        {
            while (next is { } due)
            {
                await WaitUntilAsync(due, stoppingToken);
                var now = time.GetUtcNow();
                var afterDue = schedule.GetNextOccurrence(due, TimeZoneInfo.Utc);
                var isPastDue = afterDue <= now;
                next = isPastDue ? schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) : afterDue;
                try
                {
                    await runner.RunAsync(function, TriggerPayloads.Timer(function, last, next, isPastDue, now), stoppingToken);
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Already logged by the invoker or the output writer; a timer has nothing to retry, the next occurrence runs as planned.
                }

                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        // Timers can wake a little early; waiting again keeps a run from preceding its occurrence.
        for (var remaining = due - time.GetUtcNow(); remaining > TimeSpan.Zero; remaining = due - time.GetUtcNow())
        {
            await Task.Delay(remaining < MaxDelay ? remaining : MaxDelay, time, stoppingToken);
        }
    }
}
