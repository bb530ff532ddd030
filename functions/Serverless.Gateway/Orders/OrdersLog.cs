namespace Serverless.Gateway.Orders;

/// <summary>Log events of the order saga, ids 4000-4099.</summary>
internal static partial class OrdersLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Order {OrderId} accepted for tenant {Tenant}")]
    public static partial void OrderAccepted(this ILogger logger, string orderId, string tenant);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Order {OrderId} completed in {Duration}")]
    public static partial void SagaCompleted(this ILogger logger, string orderId, TimeSpan duration);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Order {OrderId} cancelled ({Reason})")]
    public static partial void SagaCancelled(this ILogger logger, string orderId, string? reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Order {OrderId} needs attention: {Step} failed {Attempts} times, last error: {Error}")]
    public static partial void SagaNeedsAttention(this ILogger logger, string orderId, SagaStep step, int attempts, string? error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Order {OrderId}: {Step} attempt {Attempt} failed: {Error}")]
    public static partial void StepFailed(this ILogger logger, string orderId, SagaStep step, int attempt, string? error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Order {OrderId} was changed concurrently; this delivery stops")]
    public static partial void CommitConflict(this ILogger logger, string orderId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Saga message ({Kind}) for unknown order {OrderId} dropped")]
    public static partial void UnknownOrder(this ILogger logger, string orderId, string kind);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Order {OrderId} is stored but its first messages could not be sent; its reminder will send them")]
    public static partial void DispatchDeferred(this ILogger logger, Exception exception, string orderId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Order {OrderId}: {Action} requested by {Subject}")]
    public static partial void OperatorAction(this ILogger logger, string orderId, string action, string subject);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Orders storage is unavailable")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Order {OrderId} was stuck in {Status} and has been resumed")]
    public static partial void SagaResumed(this ILogger logger, string orderId, OrderStatus status);
}
