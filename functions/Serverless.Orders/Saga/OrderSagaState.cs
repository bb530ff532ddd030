using Serverless.Orders.Model;
using Serverless.Orders.Participants;

namespace Serverless.Orders.Saga;

/// <summary>
/// Where a saga stands, as its orchestration publishes it in its custom status after every change. It is the one
/// record of the saga's progress: <c>GET /orders/{id}</c> reads it from the orchestration, there is no second copy.
/// </summary>
public sealed class OrderSagaState
{
    public OrderStatus Status { get; set; } = OrderStatus.Pending;

    /// <summary>Why the saga compensated: a participant's rejection code, <c>cancelled</c>, <c>step_timeout</c>, <c>saga_timeout</c> or <c>step_failed</c>.</summary>
    public string? Reason { get; set; }

    public bool CancelRequested { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the next attempt of a failing step or compensation is due, while one is scheduled.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public List<StepRecord> History { get; init; } = [];

    /// <summary>The step or compensation under way, if any.</summary>
    public StepRecord? Current => History.LastOrDefault(static record => record.Outcome == StepOutcome.Running);

    /// <summary>Once CreateShipment has begun the goods may be on their way, so a customer can no longer cancel.</summary>
    public bool IsPastPointOfNoReturn => Status == OrderStatus.Completed
        || History.Any(static record => record is { Kind: StepKind.Step, Name: SagaStep.CreateShipment });
}
