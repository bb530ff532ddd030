using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Orders.Events;
using Serverless.Orders.Model;
using Serverless.Orders.Participants;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Functions;

/// <summary>
/// Durable Functions' view of the saga: thin trigger functions around the same orchestrator and activity classes the
/// standalone worker runs, so functions.metadata lists each of them for the host to index.
/// </summary>
public sealed class OrderSagaFunctions(ParticipantActivity participants, PublishOrderEventActivity publisher)
{
    [Function(SagaTasks.Orchestrator)]
    public static Task<OrderStatus> RunSagaAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<OrderSagaInput>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no order.");
        return new OrderSagaOrchestrator().RunAsync(context, input);
    }

    [Function(nameof(SagaStep.ReserveInventory))]
    public Task<StepResult> ReserveInventoryAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(nameof(SagaStep.ChargePayment))]
    public Task<StepResult> ChargePaymentAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(nameof(SagaStep.CreateShipment))]
    public Task<StepResult> CreateShipmentAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(nameof(SagaStep.ReleaseInventory))]
    public Task<StepResult> ReleaseInventoryAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(nameof(SagaStep.RefundPayment))]
    public Task<StepResult> RefundPaymentAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(nameof(SagaStep.CancelShipment))]
    public Task<StepResult> CancelShipmentAsync([ActivityTrigger] StepRequest request, CancellationToken cancellationToken) =>
        participants.RunAsync(request, cancellationToken);

    [Function(SagaTasks.PublishEvent)]
    public Task<bool> PublishEventAsync([ActivityTrigger] OrderEvent orderEvent, CancellationToken cancellationToken) =>
        publisher.RunAsync(orderEvent, cancellationToken);
}
