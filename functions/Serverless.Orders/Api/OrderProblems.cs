using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Orders.Api;

/// <summary>The orders API's RFC 9457 Problem Details answers, each with a stable <c>code</c>.</summary>
public static class OrderProblems
{
    public const string InvalidOrder = "invalid_order";
    public const string MalformedJson = "malformed_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string OrderNotFound = "order_not_found";
    public const string PastPointOfNoReturn = "order_past_point_of_no_return";
    public const string NotRetryable = "order_not_retryable";
    public const string Busy = "order_busy";
    public const string Unavailable = "orders_unavailable";
    public const string InsufficientScope = "insufficient_scope";

    public static ProblemHttpResult Create(HttpContext context, int status, string code, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(HttpContext context, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
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

    public static ProblemHttpResult TaskHubUnavailable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "5";
        return Create(context, StatusCodes.Status503ServiceUnavailable, Unavailable, "Orders unavailable",
            "The orders service cannot reach its task hub right now; nothing was changed. Retry shortly (with the same Idempotency-Key when placing).");
    }
}
