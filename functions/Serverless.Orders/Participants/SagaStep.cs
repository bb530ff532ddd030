using System.Text.Json.Serialization;

namespace Serverless.Orders.Participants;

/// <summary>The saga's steps in order, then the compensations that undo them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SagaStep>))]
public enum SagaStep
{
    ReserveInventory,
    ChargePayment,
    CreateShipment,
    ReleaseInventory,
    RefundPayment,
    CancelShipment,
}
