using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Events.Queries;

/// <summary>The order queries' Problem Details answers, each with a stable <c>code</c>.</summary>
public static class OrderProblems
{
    public const string OrderNotFound = "order_not_found";
    public const string Unavailable = "orders_unavailable";

    public static ProblemHttpResult Create(HttpContext context, int status, string code, string title, string detail) =>
        TypedResults.Problem(GatewayProblems.Create(context, status, code, title, detail));

    public static ProblemHttpResult NotFound(HttpContext context, string id) =>
        Create(context, StatusCodes.Status404NotFound, OrderNotFound, "Order not found", $"There is no order '{id}' for this caller.");
}
