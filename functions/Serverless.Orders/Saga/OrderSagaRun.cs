using Microsoft.DurableTask;
using Serverless.Orders.Events;
using Serverless.Orders.Model;
using Serverless.Orders.Participants;

// The analyzer cannot see that _logger comes from CreateReplaySafeLogger, which writes nothing during replay.
#pragma warning disable DURABLE0010

namespace Serverless.Orders.Saga;

/// <summary>
/// One execution of the orchestrator. Everything it decides comes from the orchestration's history (its input, the
/// activities' results, <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, <see cref="TaskOrchestrationContext.NewGuid"/>),
/// so every replay takes the same path. Its state is published as the custom status after each change.
/// </summary>
internal sealed class OrderSagaRun
{
    private const int MaxErrorLength = 300;
    private static readonly SagaStep[] ForwardSteps = [SagaStep.ReserveInventory, SagaStep.ChargePayment, SagaStep.CreateShipment];

    private readonly TaskOrchestrationContext _context;
    private readonly OrderSagaInput _input;
    private readonly ILogger _logger;
    private readonly OrderSagaState _state;
    private readonly Task<string?> _cancel;
    private long _eventSequence;

    public OrderSagaRun(TaskOrchestrationContext context, OrderSagaInput input)
    {
        _context = context;
        _input = input;
        _logger = context.CreateReplaySafeLogger<OrderSagaOrchestrator>();
        _state = new OrderSagaState { UpdatedAt = input.CreatedAt };

        // Buffered by the framework: a cancel raised at any time is seen the next time the saga looks.
        _cancel = context.WaitForExternalEvent<string?>(SagaEvents.Cancel);
    }

    private DateTimeOffset Now => new(_context.CurrentUtcDateTime, TimeSpan.Zero);

    private DateTimeOffset Deadline => _input.CreatedAt + _input.Policy.SagaTimeout;

    public async Task<OrderStatus> RunAsync()
    {
        Publish();
        await EmitAsync(OrderEvent.Placed);
        foreach (var step in ForwardSteps)
        {
            if (_cancel.IsCompleted)
            {
                _state.CancelRequested = true;
                return await CompensateAsync("cancelled");
            }

            if (Now >= Deadline)
            {
                return await CompensateAsync("saga_timeout");
            }

            _state.Status = OrderStatus.Running;
            var record = Start(step, StepKind.Step);
            if (await RunStepAsync(record) is { } reason)
            {
                return await CompensateAsync(reason);
            }
        }

        return await FinishAsync(OrderStatus.Completed, OrderEvent.Completed);
    }

    /// <summary>Runs a forward step to its end; null when it succeeded, else the reason to compensate.</summary>
    private async Task<string?> RunStepAsync(StepRecord record)
    {
        var policy = _input.Policy;
        var stepDeadline = record.StartedAt + policy.StepTimeout;
        var sagaDeadlineFirst = Deadline < stepDeadline;
        var deadline = sagaDeadlineFirst ? Deadline : stepDeadline;
        var cancellable = record.Name != SagaStep.CreateShipment;
        while (true)
        {
            record.Attempts++;
            Publish();
            var result = await CallWithDeadlineAsync(record.Name, deadline);
            if (result is null)
            {
                return TimedOut(record, sagaDeadlineFirst);
            }

            switch (result.Value.Kind)
            {
                case StepResultKind.Succeeded:
                    record.Reference = result.Value.Reference;
                    Finish(record, StepOutcome.Succeeded, null);
                    return null;
                case StepResultKind.Rejected:
                    Finish(record, StepOutcome.Rejected, result.Value.Error);
                    return result.Value.Code ?? "rejected";
            }

            record.Error = Truncate(result.Value.Error);
            if (cancellable && _cancel.IsCompleted)
            {
                return Interrupted(record);
            }

            if (record.Attempts >= policy.MaxStepAttempts)
            {
                Finish(record, StepOutcome.Failed, record.Error);
                return "step_failed";
            }

            var due = Min(Now + policy.RetryDelay(record.Attempts, Jitter()), deadline);
            if (!await WaitAsync(due, cancellable))
            {
                return Interrupted(record);
            }

            if (Now >= deadline)
            {
                return TimedOut(record, sagaDeadlineFirst);
            }
        }
    }

    /// <summary>
    /// Calls the step's activity, racing the deadline: null when the deadline came first. The call's outcome is then
    /// unknown; compensation asks the participant again with the same idempotency key before undoing it.
    /// </summary>
    private async Task<StepResult?> CallWithDeadlineAsync(SagaStep step, DateTimeOffset deadline)
    {
        using var timerCancellation = new CancellationTokenSource();
        var call = CallAsync(step, null);
        var timer = _context.CreateTimer(deadline.UtcDateTime, timerCancellation.Token);
        if (await Task.WhenAny(call, timer) == timer)
        {
            return null;
        }

        timerCancellation.Cancel();
        return await call;
    }

    private async Task<OrderStatus> CompensateAsync(string reason)
    {
        _state.Status = OrderStatus.Compensating;
        _state.Reason = reason;
        Publish();
        while (_state.History.LastOrDefault(record => record.MayHaveTakenEffect && !IsUndone(record)) is { } target)
        {
            var compensation = SagaTasks.CompensationOf(target.Name);
            var record = _state.History.LastOrDefault(r => r is { Kind: StepKind.Compensation, Outcome: StepOutcome.Running } && r.Name == compensation)
                ?? Start(compensation, StepKind.Compensation);
            await UndoAsync(target, record);
        }

        return await FinishAsync(OrderStatus.Cancelled, OrderEvent.Cancelled);
    }

    /// <summary>
    /// Undoes one step, retrying with backoff. A compensation that keeps failing, or that its participant refuses, parks
    /// the saga in NeedsAttention until an operator's retry event, which resumes it with a fresh budget.
    /// </summary>
    private async Task UndoAsync(StepRecord target, StepRecord record)
    {
        var policy = _input.Policy;
        while (true)
        {
            record.Attempts++;
            Publish();
            string? error = null;
            var refused = false;

            // A step whose outcome is unknown is asked again with its own idempotency key: the participant answers with
            // what it did (or does it now), and only then is there something definite to undo.
            if (target.Reference is null)
            {
                var replay = await CallAsync(target.Name, null);
                switch (replay.Kind)
                {
                    case StepResultKind.Succeeded:
                        target.Reference = replay.Reference;
                        break;
                    case StepResultKind.Rejected:
                        Finish(record, StepOutcome.NothingToUndo, replay.Error);
                        return;
                    default:
                        error = replay.Error;
                        break;
                }
            }

            if (target.Reference is not null)
            {
                var undo = await CallAsync(record.Name, target.Reference);
                if (undo.Kind == StepResultKind.Succeeded)
                {
                    Finish(record, StepOutcome.Succeeded, null);
                    return;
                }

                error = undo.Error;

                // A participant that refuses an undo will refuse it again: only a person can sort this out.
                refused = undo.Kind == StepResultKind.Rejected;
            }

            record.Error = Truncate(error);
            if (!refused && record.Attempts < policy.MaxCompensationAttempts)
            {
                await WaitAsync(Now + policy.RetryDelay(record.Attempts, Jitter()), cancellable: false);
                continue;
            }

            await NeedsAttentionAsync(record);
        }
    }

    private async Task NeedsAttentionAsync(StepRecord record)
    {
        Finish(record, StepOutcome.Failed, record.Error);
        _state.Status = OrderStatus.NeedsAttention;
        Publish();
        _logger.SagaNeedsAttention(_input.OrderId, record.Name, record.Attempts, record.Error);
        await EmitAsync(OrderEvent.NeedsAttention);

        await _context.WaitForExternalEvent<string?>(SagaEvents.Retry);
        record.Outcome = StepOutcome.Running;
        record.EndedAt = null;
        record.Attempts = 0;
        _state.Status = OrderStatus.Compensating;
        _logger.SagaRetried(_input.OrderId, record.Name);
    }

    private async Task<OrderStatus> FinishAsync(OrderStatus status, string eventType)
    {
        _state.Status = status;
        Publish();
        _logger.SagaFinished(_input.OrderId, status, _state.Reason ?? "none");
        await EmitAsync(eventType);
        return status;
    }

    /// <summary>
    /// Sends one event, retrying for as long as it takes: an event is never dropped, and its id (order and sequence) is
    /// the same on every attempt, so consumers see it once.
    /// </summary>
    private async Task EmitAsync(string type)
    {
        var order = _input.Order;
        var orderEvent = new OrderEvent(_input.OrderId, _input.Tenant, type, ++_eventSequence, Now, _state.Status, _state.Reason,
            order.CustomerId, order.Total, order.Currency, _input.CreatedAt, _input.TraceParent);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _context.CallActivityAsync<bool>(SagaTasks.PublishEvent, orderEvent);
                return;
            }
            catch (TaskFailedException exception)
            {
                _logger.EventNotSent(_input.OrderId, type, attempt, exception.FailureDetails.ErrorMessage);
                await WaitAsync(Now + _input.Policy.RetryDelay(attempt, Jitter()), cancellable: false);
            }
        }
    }

    private Task<StepResult> CallAsync(SagaStep step, string? reference) =>
        _context.CallActivityAsync<StepResult>(SagaTasks.ActivityFor(step), new StepRequest(step, _input.OrderId, _input.Order, reference));

    /// <summary>A durable timer until <paramref name="due"/>; false when a customer's cancel arrived first.</summary>
    private async Task<bool> WaitAsync(DateTimeOffset due, bool cancellable)
    {
        _state.NextAttemptAt = due;
        Publish();
        using var timerCancellation = new CancellationTokenSource();
        var timer = _context.CreateTimer(due.UtcDateTime, timerCancellation.Token);
        var cancelled = cancellable && await Task.WhenAny(timer, _cancel) == _cancel;
        if (cancelled)
        {
            timerCancellation.Cancel();
        }
        else
        {
            await timer;
        }

        _state.NextAttemptAt = null;
        return !cancelled;
    }

    private string Interrupted(StepRecord record)
    {
        _state.CancelRequested = true;
        Finish(record, StepOutcome.Interrupted, record.Error ?? "cancelled");
        return "cancelled";
    }

    private string TimedOut(StepRecord record, bool sagaDeadline)
    {
        var reason = sagaDeadline ? "saga_timeout" : "step_timeout";
        Finish(record, sagaDeadline ? StepOutcome.Interrupted : StepOutcome.TimedOut, record.Error ?? reason);
        return reason;
    }

    private StepRecord Start(SagaStep name, StepKind kind)
    {
        var record = new StepRecord { Name = name, Kind = kind, StartedAt = Now };
        _state.History.Add(record);
        Publish();
        return record;
    }

    private void Finish(StepRecord record, StepOutcome outcome, string? error)
    {
        record.Outcome = outcome;
        record.Error = Truncate(error);
        record.EndedAt = Now;
        Publish();
    }

    private bool IsUndone(StepRecord step)
    {
        var compensation = SagaTasks.CompensationOf(step.Name);
        return _state.History.Any(r => r.Kind == StepKind.Compensation && r.Name == compensation
            && r.Outcome is StepOutcome.Succeeded or StepOutcome.NothingToUndo);
    }

    private void Publish()
    {
        _state.UpdatedAt = Now;
        _context.SetCustomStatus(_state);
    }

    /// <summary>Deterministic in [0, 1): derived from the orchestration's replay-safe GUIDs.</summary>
    private double Jitter() => (_context.NewGuid().GetHashCode() & 0x7fffffff) / (double)int.MaxValue;

    private static string? Truncate(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
