using Serverless.Orders.Participants;

namespace Serverless.Orders.Saga;

/// <summary>
/// The saga's orchestrator and activity names: Durable Functions' function names under the Functions host, and the
/// names the same classes are registered under on the standalone Durable Task worker.
/// </summary>
public static class SagaTasks
{
    public const string Orchestrator = "OrderSaga";
    public const string PublishEvent = "PublishOrderEvent";

    /// <summary>One activity per step and compensation, named after it.</summary>
    public static string ActivityFor(SagaStep step) => step.ToString();

    public static IReadOnlyList<SagaStep> Steps { get; } = Enum.GetValues<SagaStep>();

    public static SagaStep CompensationOf(SagaStep step) => step switch
    {
        SagaStep.ReserveInventory => SagaStep.ReleaseInventory,
        SagaStep.ChargePayment => SagaStep.RefundPayment,
        SagaStep.CreateShipment => SagaStep.CancelShipment,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Only forward steps have compensations."),
    };
}
