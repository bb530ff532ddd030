using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Orders;

/// <summary>The orders API's Problem Details answers, each with a stable <c>code</c>.</summary>
public static class OrderProblems
{
    public const string InvalidOrder = "invalid_order";
    public const string MalformedJson = "malformed_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string OrderNotFound = "order_not_found";
    public const string PastPointOfNoReturn = "order_past_point_of_no_return";
    public const string NotRetryable = "order_not_retryable";
    public const string Busy = "order_busy";
    public const string Unavailable = "orders_unavailable";

    public static ProblemHttpResult Create(HttpContext context, int status, string code, string title, string detail) =>
        TypedResults.Problem(GatewayProblems.Create(context, status, code, title, detail));

    public static ProblemHttpResult Invalid(HttpContext context, Dictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid order",
            Detail = $"The order has {errors.Count} invalid field(s); see errors.",
            Type = $"https://httpstatuses.io/{StatusCodes.Status400BadRequest}",
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = InvalidOrder;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(HttpContext context, string id) =>
        Create(context, StatusCodes.Status404NotFound, OrderNotFound, "Order not found", $"There is no order '{id}' for this caller.");
}
