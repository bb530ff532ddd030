namespace Serverless.Orders.Saga;

/// <summary>Names of the external events a saga's orchestration waits for.</summary>
public static class SagaEvents
{
    /// <summary>A customer's cancel; honoured until CreateShipment begins.</summary>
    public const string Cancel = "cancel";

    /// <summary>An operator's retry of a saga in NeedsAttention.</summary>
    public const string Retry = "retry";
}
