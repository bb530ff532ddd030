using System.Text.Json.Serialization;

using Serverless.Orders.Participants;

namespace Serverless.Orders.Saga;

/// <summary>One entry of an order's history: a step or a compensation, its timing, attempts and outcome.</summary>
public sealed class StepRecord
{
    public required SagaStep Name { get; init; }

    public required StepKind Kind { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public int Attempts { get; set; }

    public StepOutcome Outcome { get; set; } = StepOutcome.Running;

    /// <summary>The last error, e.g. <c>card_declined: The card was declined.</c> or <c>HTTP 503</c>.</summary>
    public string? Error { get; set; }

    /// <summary>What the participant created (reservation, charge or shipment id); compensations need it.</summary>
    public string? Reference { get; set; }

    /// <summary>A forward step whose effect is certain or possible, and so must be undone when the saga compensates.</summary>
    [JsonIgnore]
    public bool MayHaveTakenEffect => Kind == StepKind.Step
        && Outcome is StepOutcome.Succeeded or StepOutcome.Failed or StepOutcome.TimedOut or StepOutcome.Interrupted;
}
