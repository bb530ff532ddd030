namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// What a look at a poison queue shows without disturbing it: Storage queues peek at most
/// <see cref="DeadLetterQueues.PeekLimit"/> messages (the oldest), so <see cref="ApproximateCount"/> says how many there are in all.
/// </summary>
public sealed record DeadLetterPeek(DeadLetterChannel Queue, IReadOnlyList<DeadLetterMessage> Messages, long ApproximateCount)
{
    public bool IsPartial => ApproximateCount > Messages.Count;
}
