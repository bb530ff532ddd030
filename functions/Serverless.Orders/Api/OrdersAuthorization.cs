using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Serverless.GatewayIdentity;
using Serverless.Orders.Saga;

namespace Serverless.Orders.Api;

/// <summary>
/// Who is calling, from the gateway's signed identity assertion and nothing else: plain identity headers are ignored,
/// so only a request that passed through the gateway is served. Operators (<see cref="OrdersOptions.OperatorScope"/>)
/// may do everything.
/// </summary>
public sealed class OrdersAuthorization(GatewayAssertionValidator validator, IOptionsMonitor<OrdersOptions> options)
{
    public async Task<(GatewayCaller? Caller, ProblemHttpResult? Refusal)> AuthorizeAsync(
        HttpContext context, Func<OrdersOptions, string> requiredScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requiredScope);
        var values = context.Request.Headers[GatewayAssertion.HeaderName];
        var result = await validator.ValidateAsync(values.Count == 1 ? values[0] : null, cancellationToken);
        if (result.Error == GatewayAssertionResult.KeysUnavailable)
        {
            // The caller may well be who the assertion says: not knowing is this service's problem, and retryable.
            context.Response.Headers.RetryAfter = "5";
            return (null, OrderProblems.Create(context, StatusCodes.Status503ServiceUnavailable, GatewayAssertionResult.KeysUnavailable,
                "Gateway keys unavailable", $"The gateway's signing keys could not be fetched, so the identity assertion could not be checked; retry shortly. {result.Detail}"));
        }

        if (!result.Succeeded || result.Caller is not { } caller)
        {
            return (null, OrderProblems.Create(context, StatusCodes.Status401Unauthorized, result.Error ?? GatewayAssertionResult.MissingAssertion,
                "Not called through the gateway", $"This service serves only requests that carry the gateway's identity assertion. {result.Detail}"));
        }

        var o = options.CurrentValue;
        var scope = requiredScope(o);
        if (!caller.HasScope(scope) && !caller.HasScope(o.OperatorScope))
        {
            return (null, OrderProblems.Create(context, StatusCodes.Status403Forbidden, OrderProblems.InsufficientScope, "Insufficient scope",
                $"This action needs the scope '{scope}'."));
        }

        return (caller, null);
    }

    /// <summary>Whether the caller may see and act on the order: its own tenant's, or any as an operator.</summary>
    public bool MayAccess(GatewayCaller caller, OrderSagaInput order)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(order);
        return string.Equals(caller.Tenant, order.Tenant, StringComparison.Ordinal) || caller.HasScope(options.CurrentValue.OperatorScope);
    }
}
