using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Orders;

/// <summary><c>GET /orders/{id}</c>, <c>POST /orders/{id}/cancel</c> and <c>POST /orders/{id}/retry</c>.</summary>
public static class OrderCommandEndpoints
{
    /// <summary>A command that loses the If-Match race to the saga itself reloads and decides again, this many times.</summary>
    private const int MaxCommandAttempts = 5;

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, ILogger<OrderSagaStore> logger, CancellationToken cancellationToken)
    {
        try
        {
            var state = OrderIds.IsWellFormed(id) ? await store.GetAsync(id, cancellationToken) : null;
            if (state is null || !OrdersAuthorization.MayAccess(OrdersAuthorization.Caller(context), state, options.CurrentValue))
            {
                return OrderProblems.NotFound(context, id);
            }

            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(OrderView.From(state));
        }
        catch (RequestFailedException exception)
        {
            return Unavailable(context, logger, exception);
        }
    }

    public static Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> CancelAsync(
        string id, HttpContext context, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, TimeProvider time, ILogger<OrderSagaStore> logger, CancellationToken cancellationToken) =>
        CommandAsync(id, "cancel", context, store, options, time, logger, Cancel, cancellationToken);

    public static Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> RetryAsync(
        string id, HttpContext context, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, TimeProvider time, ILogger<OrderSagaStore> logger, CancellationToken cancellationToken) =>
        CommandAsync(id, "retry", context, store, options, time, logger, Retry, cancellationToken);

    /// <summary>
    /// Cancelling is allowed until CreateShipment begins; after that the order is past its point of no return. A saga
    /// already compensating or cancelled answers as if cancelled now, so a repeated cancel is harmless.
    /// </summary>
    private static CommandDecision Cancel(OrderSagaState state, HttpContext context) => state switch
    {
        { Status: OrderStatus.Compensating or OrderStatus.Cancelled or OrderStatus.NeedsAttention } => CommandDecision.AlreadyDone,
        { CancelRequested: true } => CommandDecision.AlreadyDone,
        { IsPastPointOfNoReturn: true } => CommandDecision.Refuse(OrderProblems.Create(context, StatusCodes.Status409Conflict, OrderProblems.PastPointOfNoReturn,
            "Too late to cancel", $"Order '{state.OrderId}' is {state.Status} and shipping has begun; it can no longer be cancelled.")),
        _ => CommandDecision.Apply(s => s.CancelRequested = true),
    };

    /// <summary>Resumes the compensation that exhausted its retries, with a fresh retry budget.</summary>
    private static CommandDecision Retry(OrderSagaState state, HttpContext context)
    {
        if (state.Status != OrderStatus.NeedsAttention)
        {
            return CommandDecision.Refuse(OrderProblems.Create(context, StatusCodes.Status409Conflict, OrderProblems.NotRetryable, "Nothing to retry",
                $"Order '{state.OrderId}' is {state.Status}; only an order in NeedsAttention can be retried."));
        }

        return CommandDecision.Apply(s =>
        {
            var stuck = s.History.Last(static r => r is { Kind: StepKind.Compensation, Outcome: StepOutcome.Failed });
            stuck.Outcome = StepOutcome.Running;
            stuck.EndedAt = null;
            stuck.Attempts = 0;
            s.Status = OrderStatus.Compensating;
        });
    }

    private static async Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> CommandAsync(
        string id, string action, HttpContext context, OrderSagaStore store, IOptionsMonitor<OrdersOptions> options, TimeProvider time,
        ILogger<OrderSagaStore> logger, Func<OrderSagaState, HttpContext, CommandDecision> decide, CancellationToken cancellationToken)
    {
        var caller = OrdersAuthorization.Caller(context);
        try
        {
            for (var attempt = 0; attempt < MaxCommandAttempts; attempt++)
            {
                var stored = OrderIds.IsWellFormed(id) ? await store.LoadAsync(id, cancellationToken) : null;
                if (stored is null || !OrdersAuthorization.MayAccess(caller, stored.State, options.CurrentValue))
                {
                    return OrderProblems.NotFound(context, id);
                }

                var state = stored.State;
                var decision = decide(state, context);
                if (decision.Problem is { } problem)
                {
                    return problem;
                }

                if (decision.Change is null)
                {
                    return TypedResults.Accepted($"/orders/{id}", OrderAccepted.For(id, state.Status));
                }

                decision.Change(state);
                if (await store.WakeAsync(stored, time.GetUtcNow(), cancellationToken))
                {
                    logger.OperatorAction(id, action, caller.Subject);
                    return TypedResults.Accepted($"/orders/{id}", OrderAccepted.For(id, state.Status));
                }
            }

            context.Response.Headers.RetryAfter = "1";
            return OrderProblems.Create(context, StatusCodes.Status409Conflict, OrderProblems.Busy, "Order busy",
                $"Order '{id}' kept changing while the {action} was applied; retry shortly.");
        }
        catch (RequestFailedException exception)
        {
            return Unavailable(context, logger, exception);
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext context, ILogger logger, RequestFailedException exception)
    {
        logger.StorageUnavailable(exception);
        context.Response.Headers.RetryAfter = "5";
        return OrderProblems.Create(context, StatusCodes.Status503ServiceUnavailable, OrderProblems.Unavailable, "Orders unavailable",
            "Order storage is unreachable; retry shortly.");
    }
}
