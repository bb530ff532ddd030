using Serverless.Orders.Model;

namespace Serverless.Orders.Saga;

/// <summary>
/// The orchestration's input: the order as placed and the policy it runs under, both fixed for the saga's life so that
/// every replay of the orchestrator decides alike even when the app's settings change meanwhile.
/// </summary>
/// <param name="RequestHash">Hash of the tenant and the validated request, to tell a replay of the same request from a reused idempotency key.</param>
/// <param name="TraceParent">The W3C trace context of the request that placed the order; the saga's events continue its trace.</param>
public sealed record OrderSagaInput(
    string OrderId,
    string Tenant,
    PlacedOrder Order,
    string RequestHash,
    DateTimeOffset CreatedAt,
    string? TraceParent,
    SagaPolicy Policy);
