namespace Serverless.Orders.Participants;

/// <summary>Log events of the participants' calls, ids 5100-5149.</summary>
internal static partial class ParticipantsLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Order {OrderId}: {Step} answered {Kind}: {Error}")]
    public static partial void StepAttemptFailed(this ILogger logger, string orderId, SagaStep step, StepResultKind kind, string? error);
}
