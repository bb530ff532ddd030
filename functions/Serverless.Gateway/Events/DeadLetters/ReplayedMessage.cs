namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// A dead letter sent back to its source queue as <see cref="NewMessageId"/>. <see cref="Reencoded"/>: it was stored raw
/// and is now base64 so the consumer can read it. <see cref="RemovedFromPoison"/> is false when the copy was made but the
/// delete failed: the message is then in both queues (a duplicate, which consumers drop by event id), never in neither.
/// </summary>
public sealed record ReplayedMessage(DeadLetterMessage Message, string NewMessageId, bool Reencoded, bool RemovedFromPoison);
