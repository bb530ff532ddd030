using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;

using Serverless.Gateway.Events.Queries;

namespace Serverless.Gateway.Events;

public static class OrderQueriesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// The order queries, version 1: list a customer's orders (the projection) and trace an order (the audit trail).
    /// Every other <c>/orders</c> request matches no endpoint here and goes to the orders service's route.
    /// </summary>
    public static RouteGroupBuilder MapOrderQueriesV1(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders");
        var authorization = new OrdersAuthorization(static o => o.ReadScope);
        orders.MapGet("", OrderProjectionQueryEndpoint.HandleAsync).AddEndpointFilter(authorization);
        orders.MapGet("/{id}/events", OrderAuditQueryEndpoint.HandleAsync).AddEndpointFilter(authorization);
        return orders;
    }
}
