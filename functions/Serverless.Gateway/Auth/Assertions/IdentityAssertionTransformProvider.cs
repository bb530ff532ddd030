using Serverless.Gateway.Routing;
using Serverless.GatewayIdentity;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// On every route: drops any <c>X-Gateway-Assertion</c> a client sent, which would be a forgery. On routes whose backend
/// receives assertions (<see cref="BackendOptions.IdentityAssertion"/>): adds the gateway's own for the authenticated
/// caller, with the backend's id as the audience. Anonymous requests carry none.
/// </summary>
internal sealed class IdentityAssertionTransformProvider(IdentityAssertionIssuer issuer, ILogger<IdentityAssertionTransformProvider> logger) : ITransformProvider
{
    private static readonly Func<RequestTransformContext, ValueTask> RemoveForgery = static transform =>
    {
        transform.ProxyRequest.Headers.Remove(GatewayAssertion.HeaderName);
        return default;
    };

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Cluster is not { } cluster || cluster.Metadata?.GetValueOrDefault(YarpConfigMapper.IdentityAssertionMetadata) != "true")
        {
            context.AddRequestTransform(RemoveForgery);
            return;
        }

        var audience = cluster.ClusterId;
        if (!issuer.CanSign)
        {
            AssertionsLog.NoSigningKey(logger, context.Route.RouteId, audience);
        }

        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            headers.Remove(GatewayAssertion.HeaderName);
            if (transform.HttpContext.Features.Get<CallerIdentityFeature>()?.Identity is { } caller && issuer.GetAssertion(caller, audience) is { } assertion)
            {
                headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, assertion);
            }

            return default;
        });
    }
}
