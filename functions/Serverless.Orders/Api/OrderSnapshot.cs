using Microsoft.DurableTask.Client;
using Serverless.Orders.Model;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary>An order as its orchestration holds it: the input it was placed with and the state it last published.</summary>
public sealed record OrderSnapshot(OrderSagaInput Input, OrderSagaState State, OrchestrationRuntimeStatus RuntimeStatus)
{
    /// <summary>Reads an order's orchestration; null when there is none, or the instance is not an order saga.</summary>
    public static async Task<OrderSnapshot?> LoadAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || !string.Equals(instance.Name, SagaTasks.Orchestrator, StringComparison.Ordinal)
            || instance.ReadInputAs<OrderSagaInput>() is not { } input)
        {
            return null;
        }

        var state = instance.ReadCustomStatusAs<OrderSagaState>() ?? new OrderSagaState { UpdatedAt = input.CreatedAt };
        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            // Not a path the saga takes by itself: an orchestration that failed or was terminated by hand needs a person.
            state.Status = OrderStatus.NeedsAttention;
            state.Reason ??= $"saga_{instance.RuntimeStatus.ToString().ToLowerInvariant()}";
        }
        else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<OrderStatus?>() is { } final)
        {
            state.Status = final;
        }

        return new OrderSnapshot(input, state, instance.RuntimeStatus);
    }
}
