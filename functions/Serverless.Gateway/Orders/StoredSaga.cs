using Azure;

namespace Serverless.Gateway.Orders;

/// <summary>An order as loaded: its state, the ETag to update it with, and messages its last change has not sent yet.</summary>
public sealed record StoredSaga(OrderSagaState State, ETag ETag, IReadOnlyList<OutboxMessage> Pending);
