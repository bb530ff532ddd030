using System.Diagnostics;
using Serverless.Gateway.Telemetry;

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

    /// <summary>How old an outbox row must be before this processor sends it in its writer's place.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(10);

    private static readonly ActivitySource Source = new(GatewayTelemetry.ActivitySourceName);

    /// <param name="message">The saga message.</param>
    /// <param name="delivery">Which delivery of it this is; a redelivery means an earlier attempt died, maybe mid-dispatch.</param>
    /// <param name="cancellationToken">Stops the work; the message is then delivered again.</param>
    public async Task ProcessAsync(SagaMessage message, int delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = await store.LoadAsync(message.OrderId, cancellationToken);
        if (stored is null)
        {
            // A reminder for an order whose insert never committed: the client got no 202 and will try again.
            logger.UnknownOrder(message.OrderId, message.Kind);
            return;
        }

        // A first delivery of a wake-up usually overtakes its writer, which is still sending and deleting the rows it wrote
        // moments ago; sending those too would only duplicate them. Older rows were abandoned. A reminder exists to send
        // them all, and a redelivery means this message's own earlier attempt may have died between commit and dispatch.
        var now = time.GetUtcNow();
        var abandoned = message.Kind == SagaMessage.ReminderKind || delivery > 1
            ? stored.Pending
            : [.. stored.Pending.Where(pending => pending.StoredAt < now - AbandonedAfter)];
        await store.DispatchAsync(message.OrderId, abandoned, now, cancellationToken);
        var (state, etag) = (stored.State, stored.ETag);
        if (message.Kind != SagaMessage.WakeKind || state.Driver != message.Driver || state.IsParked)
        {
            return;
        }

        // The saga's work and its events join the trace of the request that placed the order, across every queue hop.
        ActivityContext.TryParse(state.TraceParent, null, isRemote: true, out var placed);
        using var activity = Source.StartActivity("OrderSaga advance", ActivityKind.Internal, placed);
        activity?.SetTag("order.id", state.OrderId);
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
