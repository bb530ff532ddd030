namespace Serverless.Gateway.Policies;

/// <summary>Applies each proxied route's policies (<see cref="RoutePolicyEnforcer"/>) before the request is forwarded.</summary>
public sealed class RoutePolicyMiddleware(RequestDelegate next, RoutePolicyResolver resolver, RoutePolicyEnforcer enforcer)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await enforcer.AdmitAsync(context, resolver.Resolve(context.GetReverseProxyFeature().Route.Config)))
        {
            await next(context);
        }
    }
}
