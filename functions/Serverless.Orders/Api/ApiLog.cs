namespace Serverless.Orders.Api;

/// <summary>Log events of the orders API, ids 5050-5099.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "Order {OrderId} accepted for tenant {Tenant}")]
    public static partial void OrderAccepted(this ILogger logger, string orderId, string tenant);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Information, Message = "Order {OrderId}: {Action} requested by {Subject}")]
    public static partial void OrderCommand(this ILogger logger, string orderId, string action, string subject);

    [LoggerMessage(EventId = 5052, Level = LogLevel.Warning, Message = "The task hub is unavailable")]
    public static partial void TaskHubUnavailable(this ILogger logger, Exception exception);
}
