namespace Serverless.Gateway.Policies;

/// <summary>Applies each proxied route's policies (<see cref="RoutePolicyEnforcer"/>) before the request is forwarded.</summary>
public sealed class RoutePolicyMiddleware(RequestDelegate next, RoutePolicyResolver resolver, RoutePolicyEnforcer enforcer)
{
    public Task InvokeAsync(HttpContext context)
    {
        // The enforcer decides from memory unless an API key is not cached yet, so most requests need no state machine here.
        var admission = enforcer.AdmitAsync(context, resolver.Resolve(context.GetReverseProxyFeature().Route.Config));
        if (!admission.IsCompletedSuccessfully)
        {
            return ContinueAsync(admission, context);
        }

        return admission.Result ? next(context) : Task.CompletedTask;
    }

    private async Task ContinueAsync(ValueTask<bool> admission, HttpContext context)
    {
        if (await admission)
        {
            await next(context);
        }
    }
}
