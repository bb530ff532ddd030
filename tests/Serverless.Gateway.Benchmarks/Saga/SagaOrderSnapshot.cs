namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// What <c>GET /orders/{id}</c> showed of an order: its status as the API spells it (<c>Pending</c>, <c>Running</c>,
/// <c>Compensating</c>, <c>Completed</c>, <c>Cancelled</c>, <c>NeedsAttention</c>) and the service's own timestamps.
/// The benchmark is a client of the API's JSON, not of the orders service's types.
/// </summary>
public sealed record SagaOrderSnapshot(string Status, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Completed = "Completed";

    public bool IsTerminal => Status is Completed or "Cancelled" or "NeedsAttention";

    public bool IsCompleted => Status == Completed;
}
