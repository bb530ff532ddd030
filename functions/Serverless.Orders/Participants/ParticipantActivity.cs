using Microsoft.DurableTask;
using Serverless.Orders.Telemetry;

namespace Serverless.Orders.Participants;

/// <summary>
/// Every step and compensation of the saga: one call to a participant. Activities run at least once (a crash after the
/// call and before its result is recorded runs it again), which the participants' idempotency keys make harmless. The
/// call is bounded by <see cref="ParticipantsOptions.AttemptTimeout"/>, well inside the work-item visibility timeout.
/// </summary>
public sealed class ParticipantActivity(SagaParticipants participants, OrdersMetrics metrics, ILogger<ParticipantActivity> logger)
    : TaskActivity<StepRequest, StepResult>
{
    public override Task<StepResult> RunAsync(TaskActivityContext context, StepRequest input) => RunAsync(input, CancellationToken.None);

    public async Task<StepResult> RunAsync(StepRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await participants.RunAsync(input, cancellationToken);
        if (result.Kind != StepResultKind.Succeeded)
        {
            metrics.StepFailed(input.Step.ToString());
            logger.StepAttemptFailed(input.OrderId, input.Step, result.Kind, result.Error);
        }

        return result;
    }
}
