using Microsoft.DurableTask;
using Serverless.Orders.Telemetry;

namespace Serverless.Orders.Events;

/// <summary>
/// Sends one saga event. Runs at least once; the event's id is the same on every run, so consumers see it once. An
/// outcome is counted here, after it was sent, and not in the orchestrator, which is replayed and cannot take services.
/// </summary>
public sealed class PublishOrderEventActivity(IOrderEventSender sender, OrdersMetrics metrics) : TaskActivity<OrderEvent, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, OrderEvent input) => RunAsync(input, CancellationToken.None);

    public async Task<bool> RunAsync(OrderEvent input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await sender.SendAsync(input, cancellationToken);
        if (input.IsOutcome)
        {
            metrics.Finished(input.Status, input.Time - input.PlacedAt);
        }

        return true;
    }
}
