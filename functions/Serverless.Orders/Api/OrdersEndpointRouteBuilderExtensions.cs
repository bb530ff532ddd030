namespace Serverless.Orders.Api;

public static class OrdersEndpointRouteBuilderExtensions
{
    /// <summary>The orders API, version 1, as the standalone app serves it; under the Functions host the HTTP functions call the same handlers.</summary>
    public static RouteGroupBuilder MapOrdersApiV1(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("", PlaceOrderEndpoint.HandleAsync);
        orders.MapGet("/{id}", OrderCommandEndpoints.GetAsync);
        orders.MapPost("/{id}/cancel", OrderCommandEndpoints.CancelAsync);
        orders.MapPost("/{id}/retry", OrderCommandEndpoints.RetryAsync);
        return orders;
    }
}
