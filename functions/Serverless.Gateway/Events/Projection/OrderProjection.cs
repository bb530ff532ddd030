namespace Serverless.Gateway.Events.Projection;

/// <summary>
/// Keeps the order read model: each event carries the whole order as the saga saw it, so applying an event means
/// replacing the row, but only with a higher sequence than the row holds. Events that arrive late (out of order, or
/// redelivered after a newer one) are stale and change nothing, so the row always shows the newest state seen.
/// </summary>
public sealed class OrderProjection(OrderProjectionStore store, ILogger<OrderProjection> logger) : IEventConsumer
{
    public const string Subscription = "projection";

    /// <summary>
    /// Rounds of read-decide-write when another delivery for the same order keeps winning the race. Events of one order
    /// are few, so losing this often means something is wrong; failing lets the message come back later.
    /// </summary>
    private const int MaxAttempts = 10;

    public string Name => Subscription;

    public async ValueTask<EventOutcome> ConsumeAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var next = ProjectedOrder.From(cloudEvent, OrderEventData.Read(cloudEvent));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(next.Tenant, next.OrderId, cancellationToken);
            if (current is null)
            {
                if (await store.TryInsertAsync(next, cancellationToken))
                {
                    logger.Applied(next.OrderId, cloudEvent.Sequence, next.Status);
                    return EventOutcome.Delivered;
                }
            }
            else if (current.LastSequence >= cloudEvent.Sequence)
            {
                // The same id at the same sequence is this event applied before its id was recorded as processed (a crash in between).
                var outcome = current.LastEventId == cloudEvent.Id ? EventOutcome.Duplicate : EventOutcome.Stale;
                logger.NotApplied(next.OrderId, cloudEvent.Sequence, current.LastSequence, outcome);
                return outcome;
            }
            else if (await store.TryReplaceAsync(next, current.ETag, cancellationToken))
            {
                logger.Applied(next.OrderId, cloudEvent.Sequence, next.Status);
                return EventOutcome.Delivered;
            }

            logger.Conflict(next.OrderId, cloudEvent.Sequence, attempt);
        }

        throw new InvalidOperationException($"The projection of order '{next.OrderId}' kept changing during {MaxAttempts} attempts to apply event {cloudEvent.Sequence}.");
    }
}
