using System.Text.Json.Serialization;

namespace Serverless.Orders.Saga;

/// <summary>How a step or compensation ended, or that it has not yet.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepOutcome>))]
public enum StepOutcome
{
    Running,
    Succeeded,

    /// <summary>The participant refused for a business reason (out of stock, card declined, ...): nothing to undo.</summary>
    Rejected,

    /// <summary>Gave up after transient failures; whether it took effect is unknown, so it is undone like a success.</summary>
    Failed,

    /// <summary>Ran past its deadline; whether it took effect is unknown, so it is undone like a success.</summary>
    TimedOut,

    /// <summary>Cut short by a cancellation or the saga's deadline; whether it took effect is unknown, so it is undone.</summary>
    Interrupted,

    /// <summary>A compensation that found nothing to undo: the step it covered turned out never to have taken effect.</summary>
    NothingToUndo,
}
