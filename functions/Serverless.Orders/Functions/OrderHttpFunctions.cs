using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Orders.Api;

namespace Serverless.Orders.Functions;

/// <summary>
/// The orders API as HTTP functions (ASP.NET Core integration): each calls the handler the standalone app maps, so
/// both modes answer alike. <c>authLevel</c> is anonymous because the gateway's identity assertion is the credential.
/// </summary>
public static class OrderHttpFunctions
{
    [Function("PlaceOrder")]
    public static async Task<IResult> PlaceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PlaceOrderEndpoint.HandleAsync(request.HttpContext, client, cancellationToken);
    }

    [Function("GetOrder")]
    public static async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await OrderCommandEndpoints.GetAsync(id, request.HttpContext, client, cancellationToken);
    }

    [Function("CancelOrder")]
    public static async Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{id}/cancel")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await OrderCommandEndpoints.CancelAsync(id, request.HttpContext, client, cancellationToken);
    }

    [Function("RetryOrder")]
    public static async Task<IResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{id}/retry")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await OrderCommandEndpoints.RetryAsync(id, request.HttpContext, client, cancellationToken);
    }
}
