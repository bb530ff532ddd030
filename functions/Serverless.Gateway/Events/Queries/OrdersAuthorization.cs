using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Events.Queries;

/// <summary>
/// Authenticates an order query with the gateway's API keys and JWTs and checks its scope. Operators
/// (<see cref="OrdersOptions.OperatorScope"/>) may query any tenant's orders.
/// </summary>
public sealed class OrdersAuthorization(Func<OrdersOptions, string> requiredScope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<OrdersOptions>>().CurrentValue;
        var authenticator = http.RequestServices.GetRequiredService<RouteAuthenticator>();
        var outcome = await authenticator.AuthenticateAsync(http, new AuthPolicyOptions { Require = options.Require });
        if (outcome.Refusal is { } refusal)
        {
            if (refusal.Challenge is not null)
            {
                http.Response.Headers.WWWAuthenticate = refusal.Challenge;
            }

            return OrderProblems.Create(http, refusal.Status, refusal.Code, refusal.Title, refusal.Detail);
        }

        var identity = outcome.Identity!;
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

        http.Features.Set(new CallerIdentityFeature(identity));
        return await next(context);
    }

    /// <summary>The identity the filter admitted; only called from endpoints behind the filter.</summary>
    public static CallerIdentity Caller(HttpContext context) =>
        context.Features.Get<CallerIdentityFeature>()?.Identity ?? throw new InvalidOperationException("The orders endpoint ran without OrdersAuthorization.");
}
