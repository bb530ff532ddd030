using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Serverless.Gateway.Events.Queries;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Events.Projection;

/// <summary>
/// <c>GET /orders?customerId=...</c>: a customer's orders from the read model, for the caller's tenant; operators may
/// name another with <c>tenant=</c>. Returns the newest <see cref="MaxItems"/> by last update. The read model follows
/// the saga by a moment (events are delivered asynchronously), so an order just placed may not be listed yet;
/// <c>GET /orders/{id}</c> is the authoritative view of one order.
/// </summary>
public static class OrderProjectionQueryEndpoint
{
    public const string InvalidQuery = "invalid_query";
    public const string CustomerIdParameter = "customerId";
    public const string TenantParameter = "tenant";
    public const int MaxItems = 100;

    public static async Task<Results<Ok<OrderSummaryList>, ProblemHttpResult>> HandleAsync(
        HttpContext context, OrderProjectionStore store, IOptionsMonitor<OrdersOptions> options, ILogger<OrderProjectionStore> logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = OrdersAuthorization.Caller(context);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var customerId = Parameter(context.Request.Query, CustomerIdParameter, OrderEventData.MaxCustomerIdLength, required: true, errors);
        var tenant = Parameter(context.Request.Query, TenantParameter, OrderEventData.MaxIdLength, required: false, errors) ?? caller.Tenant;
        if (errors.Count > 0)
        {
            return Invalid(context, errors);
        }

        var operatorScope = options.CurrentValue.OperatorScope;
        if (!string.Equals(tenant, caller.Tenant, StringComparison.Ordinal) && !caller.HasScope(operatorScope))
        {
            return OrderProblems.Create(context, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientScope, "Insufficient scope",
                $"Reading another tenant's orders needs the scope '{operatorScope}'.");
        }

        try
        {
            var (orders, truncated) = await store.FindByCustomerAsync(tenant, customerId!, MaxItems, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new OrderSummaryList(customerId!, [.. orders.Select(OrderSummary.From)], truncated));
        }
        catch (RequestFailedException exception)
        {
            logger.QueryUnavailable(exception);
            context.Response.Headers.RetryAfter = "5";
            return OrderProblems.Create(context, StatusCodes.Status503ServiceUnavailable, OrderProblems.Unavailable, "Orders unavailable",
                "Order storage is unreachable; retry shortly.");
        }
    }

    /// <summary>
    /// One query parameter given at most once, as trimmed text without control characters that fits a storage key.
    /// Customer ids are stored trimmed (see <see cref="OrderRequestReader"/>), so a padded one still finds its orders.
    /// </summary>
    private static string? Parameter(IQueryCollection query, string name, int maxLength, bool required, Dictionary<string, string[]> errors)
    {
        StringValues values = query.TryGetValue(name, out var found) ? found : StringValues.Empty;
        if (values.Count == 0)
        {
            if (required)
            {
                errors[name] = [$"Required: text of 1 to {maxLength} characters."];
            }

            return null;
        }

        var value = values.Count == 1 ? values[0]?.Trim() : null;
        if (values.Count > 1)
        {
            errors[name] = ["Give it once."];
        }
        else if (string.IsNullOrEmpty(value) || value.Length > maxLength || value.Any(char.IsControl) || EventTableKeys.TryEscape(value) is null)
        {
            errors[name] = [$"Must be text of 1 to {maxLength} characters without control characters."];
        }
        else
        {
            return value;
        }

        return null;
    }

    private static ProblemHttpResult Invalid(HttpContext context, Dictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid query",
            Detail = $"Invalid query parameter(s): {string.Join(", ", errors.Keys)}; see errors.",
            Type = $"https://httpstatuses.io/{StatusCodes.Status400BadRequest}",
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = InvalidQuery;
        return TypedResults.Problem(problem);
    }
}
