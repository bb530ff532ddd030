using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Drops <c>X-Original-URL</c> and <c>X-Rewrite-URL</c>, in any spelling, unless the route allows them
/// (<see cref="GatewayRouteOptions.AllowRewriteHeaders"/>). IIS URL Rewrite, Symfony, Zend and some Java frameworks take
/// the path from them instead of from the request line, so a caller of <c>/public/x</c> could reach <c>/admin</c>.
/// </summary>
internal sealed class RewriteHeaderTransformProvider : ITransformProvider
{
    private static readonly string[] RewriteHeaders = ["X-Original-URL", "X-Rewrite-URL"];

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(YarpConfigMapper.AllowRewriteHeadersMetadata) == "true")
        {
            return;
        }

        context.AddRequestTransform(static transform =>
        {
            HeaderAliases.Remove(transform.HttpContext, transform.ProxyRequest, RewriteHeaders);
            return default;
        });
    }
}
