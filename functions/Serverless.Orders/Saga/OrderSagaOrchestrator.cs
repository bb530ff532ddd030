using Microsoft.DurableTask;
using Serverless.Orders.Model;

namespace Serverless.Orders.Saga;

/// <summary>
/// The order saga as a Durable orchestration: reserve inventory, charge payment, create the shipment; on a rejection,
/// a timeout, a failure or a customer's cancel, undo every step that took effect or may have, newest first. The same
/// class runs under the Functions host (through <c>[OrchestrationTrigger]</c>) and on the standalone Durable Task worker.
/// Orchestrators are created without dependency injection: everything they need is in their input and history.
/// </summary>
public sealed class OrderSagaOrchestrator : TaskOrchestrator<OrderSagaInput, OrderStatus>
{
    public override Task<OrderStatus> RunAsync(TaskOrchestrationContext context, OrderSagaInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new OrderSagaRun(context, input).RunAsync();
    }
}
