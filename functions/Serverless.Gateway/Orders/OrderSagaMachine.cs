using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Orders;

/// <summary>
/// Moves a saga on by one unit of work: one step, or one compensation, against the participants. It changes the state
/// in memory and says which messages that change causes; the caller commits both together. Compensation is driven by
/// the history, not by code per failure: every forward step that took effect, or may have, is undone, newest first.
/// </summary>
public sealed class OrderSagaMachine(
    SagaParticipants participants,
    IOptionsMonitor<OrdersOptions> options,
    OrdersMetrics metrics,
    TimeProvider time,
    ILogger<OrderSagaMachine> logger)
{
    private static readonly SagaStep[] ForwardSteps = [SagaStep.ReserveInventory, SagaStep.ChargePayment, SagaStep.CreateShipment];

    public async Task<SagaTransition> AdvanceAsync(OrderSagaState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var messages = new List<OutboxMessage>();
        state.NextAttemptAt = null;
        var go = state.Status switch
        {
            OrderStatus.Pending or OrderStatus.Running => await ForwardAsync(state, messages, cancellationToken),
            OrderStatus.Compensating => await CompensateAsync(state, messages, cancellationToken),
            _ => false,
        };
        state.UpdatedAt = time.GetUtcNow();
        return new SagaTransition(messages, go);
    }

    public static SagaStep CompensationOf(SagaStep step) => step switch
    {
        SagaStep.ReserveInventory => SagaStep.ReleaseInventory,
        SagaStep.ChargePayment => SagaStep.RefundPayment,
        SagaStep.CreateShipment => SagaStep.CancelShipment,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Only forward steps have compensations."),
    };

    private async Task<bool> ForwardAsync(OrderSagaState state, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        state.Status = OrderStatus.Running;
        // A step already in the history may be running in another process right now, so it counts as interrupted;
        // one not yet begun has certainly had no effect and is simply never started.
        var current = state.Current;
        if (state.CancelRequested || now >= state.Deadline)
        {
            return BeginCompensation(state, current, StepOutcome.Interrupted, state.CancelRequested ? "cancelled" : "saga_timeout", now);
        }

        current ??= Start(state, ForwardSteps[state.History.Count(static r => r.Kind == StepKind.Step)], StepKind.Step, now);

        var stepDeadline = current.StartedAt + o.StepTimeout;
        if (now >= stepDeadline)
        {
            return BeginCompensation(state, current, StepOutcome.TimedOut, "step_timeout", now);
        }

        current.Attempts++;
        StepResult result;
        using (var deadline = new CancellationTokenSource(Min(stepDeadline, state.Deadline) - now, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            result = await participants.RunAsync(current.Name, state, null, linked.Token);
        }

        cancellationToken.ThrowIfCancellationRequested();
        now = time.GetUtcNow();
        switch (result.Kind)
        {
            case StepResultKind.Succeeded:
                Finish(current, StepOutcome.Succeeded, null, now);
                current.Reference = result.Reference;
                if (current.Name == SagaStep.CreateShipment)
                {
                    state.Status = OrderStatus.Completed;
                    messages.Add(OrderEvents.Create(state, OrderEvents.Completed, now));
                    metrics.Finished(state, now);
                    logger.SagaCompleted(state.OrderId, now - state.CreatedAt);
                    return false;
                }

                Start(state, ForwardSteps[Array.IndexOf(ForwardSteps, current.Name) + 1], StepKind.Step, now);
                return true;

            case StepResultKind.Rejected:
                Finish(current, StepOutcome.Rejected, result.Error, now);
                return BeginCompensation(state, null, StepOutcome.Rejected, result.Code!, now);

            default:
                current.Error = result.Error;
                metrics.StepFailures.Add(1, new KeyValuePair<string, object?>("step", current.Name.ToString()));
                logger.StepFailed(state.OrderId, current.Name, current.Attempts, result.Error);
                if (now >= stepDeadline)
                {
                    return BeginCompensation(state, current, StepOutcome.TimedOut, "step_timeout", now);
                }

                if (current.Attempts >= o.MaxStepAttempts)
                {
                    return BeginCompensation(state, current, StepOutcome.Failed, "step_failed", now);
                }

                messages.Add(ScheduleRetry(state, current.Attempts, now));
                return false;
        }
    }

    private async Task<bool> CompensateAsync(OrderSagaState state, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var target = state.History.LastOrDefault(record => record.MayHaveTakenEffect && !IsUndone(state, record));
        if (target is null)
        {
            state.Status = OrderStatus.Cancelled;
            messages.Add(OrderEvents.Create(state, OrderEvents.Cancelled, now));
            metrics.Finished(state, now);
            logger.SagaCancelled(state.OrderId, state.Reason);
            return false;
        }

        var compensation = CompensationOf(target.Name);
        var record = state.History.LastOrDefault(r => r.Kind == StepKind.Compensation && r.Name == compensation && r.Outcome == StepOutcome.Running)
            ?? Start(state, compensation, StepKind.Compensation, now);
        record.Attempts++;

        // A step whose outcome is unknown is asked again with its own idempotency key: the participant answers with what
        // it did (or does it now), and only then is there something definite to undo.
        if (target.Reference is null)
        {
            var replay = await participants.RunAsync(target.Name, state, null, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            switch (replay.Kind)
            {
                case StepResultKind.Succeeded:
                    target.Reference = replay.Reference;
                    break;
                case StepResultKind.Rejected:
                    Finish(record, StepOutcome.NothingToUndo, replay.Error, time.GetUtcNow());
                    return true;
                default:
                    return CompensationFailed(state, record, replay.Error, messages);
            }
        }

        var undo = await participants.RunAsync(compensation, state, target.Reference, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        switch (undo.Kind)
        {
            case StepResultKind.Succeeded:
                Finish(record, StepOutcome.Succeeded, null, time.GetUtcNow());
                return true;
            case StepResultKind.Rejected:
                // A participant that refuses an undo will refuse it again: only a person can sort this out.
                record.Attempts = Math.Max(record.Attempts, options.CurrentValue.MaxCompensationAttempts);
                return CompensationFailed(state, record, undo.Error, messages);
            default:
                return CompensationFailed(state, record, undo.Error, messages);
        }
    }

    private bool CompensationFailed(OrderSagaState state, StepRecord record, string? error, List<OutboxMessage> messages)
    {
        var now = time.GetUtcNow();
        record.Error = error;
        metrics.StepFailures.Add(1, new KeyValuePair<string, object?>("step", record.Name.ToString()));
        logger.StepFailed(state.OrderId, record.Name, record.Attempts, error);
        if (record.Attempts < options.CurrentValue.MaxCompensationAttempts)
        {
            messages.Add(ScheduleRetry(state, record.Attempts, now));
            return false;
        }

        Finish(record, StepOutcome.Failed, error, now);
        state.Status = OrderStatus.NeedsAttention;
        messages.Add(OrderEvents.Create(state, OrderEvents.NeedsAttention, now));
        metrics.Finished(state, now);
        logger.SagaNeedsAttention(state.OrderId, record.Name, record.Attempts, error);
        return false;
    }

    private static bool BeginCompensation(OrderSagaState state, StepRecord? current, StepOutcome outcome, string reason, DateTimeOffset now)
    {
        if (current is not null)
        {
            Finish(current, outcome, current.Error ?? reason, now);
        }

        state.Status = OrderStatus.Compensating;
        state.Reason = reason;
        return true;
    }

    private OutboxMessage ScheduleRetry(OrderSagaState state, int attempts, DateTimeOffset now)
    {
        var o = options.CurrentValue;
        var exponential = o.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = exponential < o.RetryMaxDelay ? exponential : o.RetryMaxDelay;

        // Jitter spreads out the retries of many orders that failed together against the same participant.
        var delay = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        state.Driver = OrderIds.New();
        state.NextAttemptAt = now + delay;
        return OutboxMessage.Wake(state.OrderId, state.Driver, now + delay);
    }

    private static bool IsUndone(OrderSagaState state, StepRecord step)
    {
        var compensation = CompensationOf(step.Name);
        return state.History.Any(r => r.Kind == StepKind.Compensation && r.Name == compensation
            && r.Outcome is StepOutcome.Succeeded or StepOutcome.NothingToUndo);
    }

    private static StepRecord Start(OrderSagaState state, SagaStep name, StepKind kind, DateTimeOffset now)
    {
        var record = new StepRecord { Name = name, Kind = kind, StartedAt = now };
        state.History.Add(record);
        return record;
    }

    private static void Finish(StepRecord record, StepOutcome outcome, string? error, DateTimeOffset now)
    {
        record.Outcome = outcome;
        record.Error = error;
        record.EndedAt = now;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
