using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth;

/// <summary>
/// On every route: drops the caller's API key and any client-supplied identity headers, then adds the verified
/// identity. Bearer tokens are forwarded, since backends may validate them themselves.
/// </summary>
public sealed class IdentityHeaderTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(static transform =>
    {
        var headers = transform.ProxyRequest.Headers;
        foreach (var name in IdentityHeaders.All)
        {
            headers.Remove(name);
        }

        headers.Remove(IdentityHeaders.ApiKey);
        if (headers.Authorization is { } authorization && authorization.Scheme.Equals(CallerIdentity.ApiKeyScheme, StringComparison.OrdinalIgnoreCase))
        {
            headers.Authorization = null;
        }

        if (transform.HttpContext.Features.Get<CallerIdentityFeature>()?.Identity is { } identity)
        {
            headers.TryAddWithoutValidation(IdentityHeaders.Tenant, identity.Tenant);
            headers.TryAddWithoutValidation(IdentityHeaders.Subject, identity.Subject);
            headers.TryAddWithoutValidation(IdentityHeaders.Plan, identity.Plan);
            headers.TryAddWithoutValidation(IdentityHeaders.Scopes, string.Join(' ', identity.Scopes));
            headers.TryAddWithoutValidation(IdentityHeaders.Scheme, identity.Scheme);
        }

        return default;
    });
}
