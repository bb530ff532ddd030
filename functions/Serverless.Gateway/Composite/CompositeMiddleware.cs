using Serverless.Gateway.Auth;
using Serverless.Gateway.Problems;

namespace Serverless.Gateway.Composite;

/// <summary>
/// Answers composite routes in place of forwarding: placed after the route's policies, so authentication, rate limits
/// and quotas apply once to the composite call, it calls every part in parallel and writes the merged answer. Other
/// routes pass through.
/// </summary>
internal sealed class CompositeMiddleware(RequestDelegate next, CompositeRouteResolver resolver, PartCaller caller)
{
    public Task InvokeAsync(HttpContext context) =>
        resolver.Resolve(context.GetReverseProxyFeature().Route.Config) is { } route ? AnswerAsync(context, route) : next(context);

    private async Task AnswerAsync(HttpContext context, CompositeRoute route)
    {
        var identity = context.Features.Get<CallerIdentityFeature>()?.Identity;
        if (identity is not null && !IsPassable(identity))
        {
            await RefuseIdentityAsync(context, identity);
            return;
        }

        var values = context.Request.RouteValues;
        var paths = new string[route.Parts.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            if (PartPath.Fill(route.Parts[i].Path, values) is not { } path)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidPath, "Invalid path", "A path value is a dot segment or holds an empty segment.");
                return;
            }

            paths[i] = path;
        }

        var budget = new ResponseBudget(route.MaxResponseBytes);
        var calls = new Task<PartResult>[paths.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = caller.CallAsync(route, route.Parts[i], paths[i], identity, budget, context);
        }

        PartResult[] results;
        try
        {
            results = await Task.WhenAll(calls);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller left: nobody is waiting for the answer.
            return;
        }

        await CompositeResponseWriter.WriteAsync(context, route, results);
    }

    // As for proxied routes: an identity no header can carry unchanged is refused rather than passed on altered.
    private static bool IsPassable(CallerIdentity identity) =>
        IdentityHeaders.IsValidValue(identity.Tenant) && IdentityHeaders.IsValidValue(identity.Subject)
        && IdentityHeaders.IsValidValue(identity.Plan) && identity.Scopes.All(IdentityHeaders.IsValidScope);

    private static Task RefuseIdentityAsync(HttpContext context, CallerIdentity identity)
    {
        var (code, title) = identity.Scheme == CallerIdentity.ApiKeyScheme
            ? (ProblemCodes.InvalidApiKey, "Invalid API key")
            : (ProblemCodes.InvalidToken, "Invalid token");
        context.Response.Headers.WWWAuthenticate = $"{identity.Scheme} realm=\"serverless-gateway\"";
        return GatewayProblems.WriteAsync(
            context, StatusCodes.Status401Unauthorized, code, title, "The caller's identity holds characters that cannot be passed on in a header.");
    }
}
