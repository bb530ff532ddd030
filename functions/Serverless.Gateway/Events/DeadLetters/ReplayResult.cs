namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// The outcome of a replay. <see cref="ArrivedDuringReplay"/> counts messages that reached the poison queue after the
/// replay began (perhaps replayed ones failing again): they are left for the next replay rather than sent round in a loop.
/// </summary>
public sealed record ReplayResult(DeadLetterChannel Queue, IReadOnlyList<ReplayedMessage> Replayed, int ArrivedDuringReplay);
