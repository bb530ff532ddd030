namespace Serverless.Gateway.Orders;

/// <summary>
/// Everything the saga knows about one order. Stored as one Table Storage entity and changed only with If-Match, so two
/// deliveries of the same message cannot both move it on.
/// </summary>
public sealed class OrderSagaState
{
    public required string OrderId { get; init; }

    /// <summary>The tenant that placed the order; only it (and operators) can see or cancel it.</summary>
    public required string Tenant { get; init; }

    public required PlacedOrder Order { get; init; }

    /// <summary>Hash of the tenant and the validated request, to tell a replay of the same request from a reused idempotency key.</summary>
    public required string RequestHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the saga stops running steps and compensates.</summary>
    public required DateTimeOffset Deadline { get; init; }

    public OrderStatus Status { get; set; } = OrderStatus.Pending;

    /// <summary>Why the saga compensated: a participant's rejection code, <c>cancelled</c>, <c>step_timeout</c>, <c>saga_timeout</c> or <c>step_failed</c>.</summary>
    public string? Reason { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>
    /// The id of the one wake-up message entitled to advance the saga. Every scheduled retry, cancellation and operator
    /// retry issues a new one, so late duplicates of older messages are recognised and dropped.
    /// </summary>
    public required string Driver { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the next attempt of a failing step or compensation is due, while one is scheduled.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Events emitted so far; the next event's CloudEvents <c>sequence</c> is one more.</summary>
    public long EventSequence { get; set; }

    public List<StepRecord> History { get; init; } = [];

    /// <summary>The W3C trace context of the request that placed the order; every step and event continues its trace.</summary>
    public string? TraceParent { get; init; }

    public bool IsParked => Status is OrderStatus.Completed or OrderStatus.Cancelled or OrderStatus.NeedsAttention;

    /// <summary>The step or compensation under way, if any.</summary>
    public StepRecord? Current => History.LastOrDefault(static record => record.Outcome == StepOutcome.Running);

    /// <summary>Once CreateShipment has begun the goods may be on their way, so a customer can no longer cancel.</summary>
    public bool IsPastPointOfNoReturn => Status == OrderStatus.Completed
        || History.Any(static record => record is { Kind: StepKind.Step, Name: SagaStep.CreateShipment });
}
