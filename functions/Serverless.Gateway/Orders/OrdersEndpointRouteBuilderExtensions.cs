namespace Serverless.Gateway.Orders;

public static class OrdersEndpointRouteBuilderExtensions
{
    /// <summary>The orders API, version 1: place, read, cancel and (operators) retry orders.</summary>
    public static RouteGroupBuilder MapOrdersApiV1(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("", PlaceOrderEndpoint.HandleAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.WriteScope));
        orders.MapGet("/{id}", OrderCommandEndpoints.GetAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.ReadScope));
        orders.MapPost("/{id}/cancel", OrderCommandEndpoints.CancelAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.WriteScope));
        orders.MapPost("/{id}/retry", OrderCommandEndpoints.RetryAsync).AddEndpointFilter(new OrdersAuthorization(static o => o.OperatorScope));
        return orders;
    }
}
