using Microsoft.Net.Http.Headers;
using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Policies.Cors;

/// <summary>
/// On a route with <c>Cors</c>, drops the backend's own CORS response headers: the route's policy alone decides which
/// origins may read the answer, and a backend's <c>Access-Control-Allow-Origin: *</c> must not widen it for an origin
/// the policy refuses (for an allowed origin the CORS middleware would overwrite them anyway).
/// </summary>
internal sealed class CorsResponseHeaderTransformProvider : ITransformProvider
{
    private static readonly string[] Headers =
    [
        HeaderNames.AccessControlAllowOrigin, HeaderNames.AccessControlAllowCredentials, HeaderNames.AccessControlExposeHeaders,
        HeaderNames.AccessControlAllowMethods, HeaderNames.AccessControlAllowHeaders, HeaderNames.AccessControlMaxAge,
    ];

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(YarpConfigMapper.CorsMetadata) != true)
        {
            return;
        }

        context.AddResponseTransform(static transform =>
        {
            var headers = transform.HttpContext.Response.Headers;
            foreach (var name in Headers)
            {
                headers.Remove(name);
            }

            return default;
        });
    }
}
