using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Events.Queries;

namespace Serverless.Gateway.Events.Audit;

/// <summary>
/// <c>GET /orders/{id}/events</c>: the order's audit trail, for its own tenant or an operator; anyone else is told the
/// order does not exist, exactly as <c>GET /orders/{id}</c> tells them. The owner is the tenant the recorded events
/// name; an order with no events recorded yet is looked up in the saga store, so it answers an empty trail, not 404.
/// </summary>
public static class OrderAuditQueryEndpoint
{
    /// <summary>An order has a handful of events; the bound only keeps a pathological one from costing unbounded reads.</summary>
    public const int MaxItems = 1000;

    public static async Task<Results<Ok<OrderAuditTrail>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext context, OrderAuditStore audit, IOptionsMonitor<OrdersOptions> options,
        ILogger<OrderAuditStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = OrdersAuthorization.Caller(context);
        if (!OrderIds.IsWellFormed(id))
        {
            return OrderProblems.NotFound(context, id);
        }

        try
        {
            var (entries, truncated) = await audit.ReadAsync(id, MaxItems, cancellationToken);

            // The earliest recorded event names the owner; rows naming anyone else (never written by the orders
            // service's saga) are left out rather than shown to the wrong tenant. Until the order's first event has
            // arrived there is no trail, and no owner to show it to.
            var owner = entries.Count > 0 ? entries[0].Tenant : null;
            if (owner is null || (!string.Equals(owner, caller.Tenant, StringComparison.Ordinal) && !caller.HasScope(options.CurrentValue.OperatorScope)))
            {
                return OrderProblems.NotFound(context, id);
            }

            context.Response.Headers.CacheControl = "no-store";
            var items = entries.Where(entry => string.Equals(entry.Tenant, owner, StringComparison.Ordinal)).Select(AuditedEvent.From).ToList();
            return TypedResults.Ok(new OrderAuditTrail(id, items, truncated));
        }
        catch (RequestFailedException exception)
        {
            logger.QueryUnavailable(exception);
            context.Response.Headers.RetryAfter = "5";
            return OrderProblems.Create(context, StatusCodes.Status503ServiceUnavailable, OrderProblems.Unavailable, "Orders unavailable",
                "Order storage is unreachable; retry shortly.");
        }
    }
}
