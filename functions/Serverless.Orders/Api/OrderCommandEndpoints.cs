using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Serverless.GatewayIdentity;
using Serverless.Orders.Model;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary><c>GET /orders/{id}</c>, <c>POST /orders/{id}/cancel</c> and <c>POST /orders/{id}/retry</c>, all answered from the order's orchestration.</summary>
public static class OrderCommandEndpoints
{
    /// <summary>How long a command waits for a just-placed order's orchestration to start running before it answers 409 busy.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(200);

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.RequestServices.GetRequiredService<OrdersAuthorization>();
        var (caller, refusal) = await authorization.AuthorizeAsync(context, static o => o.ReadScope, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            var order = await LoadAsync(id, caller!, authorization, client, cancellationToken);
            if (order is null)
            {
                return OrderProblems.NotFound(context, id);
            }

            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(OrderView.From(order));
        }
        catch (Exception exception) when (TaskHubErrors.IsUnavailable(exception, cancellationToken))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrderCommandEndpoints)).TaskHubUnavailable(exception);
            return OrderProblems.TaskHubUnavailable(context);
        }
    }

    /// <summary>
    /// Cancelling is allowed until CreateShipment begins. An order already compensating or cancelled answers as if
    /// cancelled now, so a repeated cancel is harmless. The saga itself has the last word: a cancel that reaches it after
    /// CreateShipment began is ignored, and the order's status shows that it was not cancelled.
    /// </summary>
    public static Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> CancelAsync(
        string id, HttpContext context, DurableTaskClient client, CancellationToken cancellationToken) =>
        CommandAsync(id, "cancel", static o => o.WriteScope, context, client, static (order, http) => order.State switch
        {
            { Status: OrderStatus.Compensating or OrderStatus.Cancelled or OrderStatus.NeedsAttention } or { CancelRequested: true } => null,
            { IsPastPointOfNoReturn: true } => OrderProblems.Create(http, StatusCodes.Status409Conflict, OrderProblems.PastPointOfNoReturn,
                "Too late to cancel", $"Order '{order.Input.OrderId}' is {order.State.Status} and shipping has begun; it can no longer be cancelled."),
            _ => SagaEvents.Cancel,
        }, cancellationToken);

    /// <summary>Resumes the compensation that exhausted its retries, with a fresh retry budget.</summary>
    public static Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> RetryAsync(
        string id, HttpContext context, DurableTaskClient client, CancellationToken cancellationToken) =>
        CommandAsync(id, "retry", static o => o.OperatorScope, context, client, static (order, http) =>
            order is { State.Status: OrderStatus.NeedsAttention, RuntimeStatus: OrchestrationRuntimeStatus.Running }
                ? SagaEvents.Retry
                : OrderProblems.Create(http, StatusCodes.Status409Conflict, OrderProblems.NotRetryable, "Nothing to retry",
                    $"Order '{order.Input.OrderId}' is {order.State.Status}; only an order in NeedsAttention whose saga is waiting can be retried."),
            cancellationToken);

    /// <param name="decide">The event to raise, a problem to answer with, or null when there is nothing to do.</param>
    private static async Task<Results<Accepted<OrderAccepted>, ProblemHttpResult>> CommandAsync(
        string id, string action, Func<OrdersOptions, string> scope, HttpContext context, DurableTaskClient client,
        Func<OrderSnapshot, HttpContext, object?> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var authorization = services.GetRequiredService<OrdersAuthorization>();
        var (caller, refusal) = await authorization.AuthorizeAsync(context, scope, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrderCommandEndpoints));
        try
        {
            var order = await LoadAsync(id, caller!, authorization, client, cancellationToken);

            // An event raised before the orchestration first runs can be lost when its start message is retried, so a
            // command waits for it to run.
            var waited = TimeSpan.Zero;
            while (order is { RuntimeStatus: OrchestrationRuntimeStatus.Pending } && waited < StartWait)
            {
                await Task.Delay(StartPoll, services.GetRequiredService<TimeProvider>(), cancellationToken);
                waited += StartPoll;
                order = await LoadAsync(id, caller!, authorization, client, cancellationToken);
            }

            if (order is null)
            {
                return OrderProblems.NotFound(context, id);
            }

            if (order.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
            {
                context.Response.Headers.RetryAfter = "1";
                return OrderProblems.Create(context, StatusCodes.Status409Conflict, OrderProblems.Busy, "Order busy",
                    $"Order '{id}' has not started yet; retry the {action} shortly.");
            }

            switch (decide(order, context))
            {
                case ProblemHttpResult problem:
                    return problem;
                case string eventName:
                    await client.RaiseEventAsync(id, eventName, caller!.Subject, cancellationToken);
                    logger.OrderCommand(id, action, caller.Subject);
                    break;
            }

            return TypedResults.Accepted($"/orders/{id}", OrderAccepted.For(id, order.State.Status));
        }
        catch (Exception exception) when (TaskHubErrors.IsUnavailable(exception, cancellationToken))
        {
            logger.TaskHubUnavailable(exception);
            return OrderProblems.TaskHubUnavailable(context);
        }
    }

    private static async Task<OrderSnapshot?> LoadAsync(
        string id, GatewayCaller caller, OrdersAuthorization authorization, DurableTaskClient client, CancellationToken cancellationToken) =>
        OrderIds.IsWellFormed(id) && await OrderSnapshot.LoadAsync(client, id, cancellationToken) is { } order && authorization.MayAccess(caller, order.Input)
            ? order
            : null;
}
