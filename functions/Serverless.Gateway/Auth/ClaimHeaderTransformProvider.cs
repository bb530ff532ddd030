using Serverless.Gateway.Routing;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Auth;

/// <summary>
/// Adds <see cref="ClaimHeadersTransform"/> to each route with claim headers (<see cref="RouteTransformsOptions.ClaimHeaders"/>,
/// carried in the route's metadata by <see cref="RouteTransformsMapper"/>): built once per route configuration, so a
/// request pays for the headers and nothing else.
/// </summary>
internal sealed class ClaimHeaderTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata is not { Count: > 0 } metadata)
        {
            return;
        }

        var headers = new List<string>();
        var claims = new List<CallerClaim>();
        foreach (var (key, value) in metadata)
        {
            // Configuration validation refused anything that does not parse, so nothing is dropped here in practice.
            if (key.StartsWith(RouteTransformsMapper.ClaimHeaderMetadataPrefix, StringComparison.Ordinal) && CallerClaim.TryParse(value, out var claim))
            {
                headers.Add(key[RouteTransformsMapper.ClaimHeaderMetadataPrefix.Length..]);
                claims.Add(claim);
            }
        }

        if (headers.Count > 0)
        {
            context.RequestTransforms.Add(new ClaimHeadersTransform([.. headers], [.. claims]));
        }
    }
}
