using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;

namespace Serverless.Gateway.Orders;

public static class OrdersEndpointRouteBuilderExtensions
{
    /// <summary>The orders API, version 1: place, read, list (from the read model), trace (audit trail), cancel and (operators) retry orders.</summary>
    public static RouteGroupBuilder MapOrdersApiV1(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("", PlaceOrderEndpoint.HandleAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.WriteScope));
        orders.MapGet("", OrderProjectionQueryEndpoint.HandleAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.ReadScope));
        orders.MapGet("/{id}", OrderCommandEndpoints.GetAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.ReadScope));
        orders.MapGet("/{id}/events", OrderAuditQueryEndpoint.HandleAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.ReadScope));
        orders.MapPost("/{id}/cancel", OrderCommandEndpoints.CancelAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.WriteScope));
        orders.MapPost("/{id}/retry", OrderCommandEndpoints.RetryAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.OperatorScope));
        return orders;
    }
}
