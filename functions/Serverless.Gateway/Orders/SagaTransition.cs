namespace Serverless.Gateway.Orders;

/// <summary>The result of advancing a saga once: the messages to store with the new state, and whether to go on at once.</summary>
public sealed record SagaTransition(IReadOnlyList<OutboxMessage> Messages, bool Continue);
