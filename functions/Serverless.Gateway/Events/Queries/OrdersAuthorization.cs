using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Policies;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Events.Queries;

/// <summary>
/// Authenticates an order query with the gateway's API keys and JWTs, applies the rate limit and the plan's quotas as
/// a proxied route would, and checks its scope. Operators (<see cref="OrdersOptions.OperatorScope"/>) may query any
/// tenant's orders.
/// </summary>
public sealed class OrdersAuthorization(Func<OrdersOptions, string> requiredScope) : IEndpointFilter
{
    /// <summary>The name the queries' refusals are counted under in <c>gateway.policy.refusals</c>.</summary>
    public const string RouteId = "orders-queries";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<OrdersOptions>>().CurrentValue;
        var enforcer = http.RequestServices.GetRequiredService<RoutePolicyEnforcer>();
        var rateLimit = string.IsNullOrEmpty(options.RateLimitPolicy) ? null : options.RateLimitPolicy;
        var policy = new RoutePolicy(RouteId, new AuthPolicyOptions { Require = options.Require }, rateLimit, CountByApiKey: false, PerRoute: false);
        if (!await enforcer.AdmitAsync(http, policy))
        {
            return Results.Empty;
        }

        var identity = Caller(http);
        var scope = requiredScope(options);
        if (!identity.HasScope(scope) && !identity.HasScope(options.OperatorScope))
        {
            if (identity.Scheme == CallerIdentity.BearerScheme)
            {
                http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"serverless-gateway\", error=\"insufficient_scope\", scope=\"{scope}\"";
            }

            return OrderProblems.Create(http, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientScope, "Insufficient scope",
                $"This action needs the scope '{scope}'.");
        }

        return await next(context);
    }

    /// <summary>The identity the filter admitted; only called from endpoints behind the filter.</summary>
    public static CallerIdentity Caller(HttpContext context) =>
        context.Features.Get<CallerIdentityFeature>()?.Identity ?? throw new InvalidOperationException("The orders endpoint ran without OrdersAuthorization.");
}
