using Serverless.Orders.Model;
using Serverless.Orders.Participants;

namespace Serverless.Orders.Saga;

/// <summary>Log events of the order saga, ids 5000-5049. The orchestrator logs through a replay-safe logger: once per event, not per replay.</summary>
internal static partial class SagaLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Order {OrderId} ended {Status}, reason: {Reason}")]
    public static partial void SagaFinished(this ILogger logger, string orderId, OrderStatus status, string? reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Order {OrderId} needs attention: {Step} failed {Attempts} times, last error: {Error}")]
    public static partial void SagaNeedsAttention(this ILogger logger, string orderId, SagaStep step, int attempts, string? error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Order {OrderId}: an operator retried {Step}")]
    public static partial void SagaRetried(this ILogger logger, string orderId, SagaStep step);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Order {OrderId}: event {Type} not sent (attempt {Attempt}): {Error}; retrying")]
    public static partial void EventNotSent(this ILogger logger, string orderId, string type, int attempt, string? error);
}
