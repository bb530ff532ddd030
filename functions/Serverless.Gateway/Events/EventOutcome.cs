namespace Serverless.Gateway.Events;

/// <summary>What a consumer did with an event, as counted by <c>events.consumed</c>.</summary>
public enum EventOutcome
{
    /// <summary>The event changed the consumer's state or caused its effect.</summary>
    Delivered,

    /// <summary>Already processed: the same event id was seen before.</summary>
    Duplicate,

    /// <summary>Older than what the consumer already holds for the subject, so it changed nothing.</summary>
    Stale,

    /// <summary>The consumer failed; the message will be delivered again.</summary>
    Failed,

    /// <summary>The consumer failed on the last delivery allowed; the message goes to the poison or dead-letter queue.</summary>
    DeadLettered,
}
