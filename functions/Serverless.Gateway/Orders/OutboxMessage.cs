namespace Serverless.Gateway.Orders;

/// <summary>A message a state change causes, stored with that change and sent once it is committed.</summary>
/// <param name="Queue">The Storage queue it goes to.</param>
/// <param name="Body">The message text.</param>
/// <param name="VisibleAt">When it may be delivered; a later time makes it a durable timer.</param>
public sealed record OutboxMessage(string Queue, string Body, DateTimeOffset VisibleAt)
{
    /// <summary>The wake-up that lets <paramref name="driver"/> advance the order, due at <paramref name="visibleAt"/>.</summary>
    public static OutboxMessage Wake(string orderId, string driver, DateTimeOffset visibleAt) =>
        new(OrderSagaFunction.QueueName, SagaMessage.Wake(orderId, driver).ToJson(), visibleAt);

    /// <summary>Row key of the outbox entity in the order's partition.</summary>
    public string RowKey { get; init; } = "outbox-" + Guid.NewGuid().ToString("N");

    /// <summary>When storage recorded the row, for a message loaded back from the outbox.</summary>
    public DateTimeOffset? StoredAt { get; init; }
}
