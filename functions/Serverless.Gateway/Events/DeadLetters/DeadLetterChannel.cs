namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// A dead-letter channel of the standalone runtime, a poison queue: <see cref="Name"/> is <c>&lt;<see cref="SourceQueue"/>&gt;-poison</c>,
/// where <see cref="SourceQueue"/> is a function's trigger queue (or a topic subscription's queue), and replaying sends
/// messages back there. <see cref="Subscription"/> is set for topic subscriptions, the Service Bus dead-letter queue it stands in for.
/// </summary>
public sealed record DeadLetterChannel(
    string Name, string SourceQueue, string Connection, IReadOnlyList<string> Functions, string? Topic = null, string? Subscription = null);
