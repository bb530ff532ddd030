namespace Serverless.Gateway.Orders;

/// <summary>
/// Handles one saga message: first sends whatever an earlier, interrupted change left in the outbox, then, if the
/// message is the order's current driver, advances the saga and commits after every unit of work until it must wait
/// or is done. Idempotent per message: a stale or duplicate message finds its driver replaced or loses the If-Match race.
/// </summary>
public sealed class OrderSagaProcessor(OrderSagaStore store, OrderSagaMachine machine, TimeProvider time, ILogger<OrderSagaProcessor> logger)
{
    /// <summary>Bounds the work one message may do; a saga has six calls at most, so only a bug could reach it.</summary>
    private const int MaxTransitionsPerMessage = 32;

    public async Task ProcessAsync(SagaMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = await store.LoadAsync(message.OrderId, cancellationToken);
        if (stored is null)
        {
            // A reminder for an order whose insert never committed: the client got no 202 and will try again.
            logger.UnknownOrder(message.OrderId, message.Kind);
            return;
        }

        await store.DispatchAsync(message.OrderId, stored.Pending, time.GetUtcNow(), cancellationToken);
        var (state, etag) = (stored.State, stored.ETag);
        if (message.Kind != SagaMessage.WakeKind || state.Driver != message.Driver || state.IsParked)
        {
            return;
        }

        for (var i = 0; i < MaxTransitionsPerMessage; i++)
        {
            var transition = await machine.AdvanceAsync(state, cancellationToken);
            if (await store.CommitAsync(state, etag, transition.Messages, cancellationToken) is not { } next)
            {
                // A cancellation, an operator or a duplicate delivery changed the order first; its own message carries on.
                logger.CommitConflict(state.OrderId);
                return;
            }

            etag = next;
            await store.DispatchAsync(state.OrderId, transition.Messages, time.GetUtcNow(), cancellationToken);
            if (!transition.Continue)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Order '{state.OrderId}' did not settle within {MaxTransitionsPerMessage} transitions.");
    }
}
