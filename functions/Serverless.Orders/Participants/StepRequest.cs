using Serverless.Orders.Model;

namespace Serverless.Orders.Participants;

/// <summary>An activity's input: which call to make for which order, and for a compensation what it undoes.</summary>
/// <param name="Reference">The reservation, charge or shipment a compensation undoes; null for forward steps.</param>
public sealed record StepRequest(SagaStep Step, string OrderId, PlacedOrder Order, string? Reference);
