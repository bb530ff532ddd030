using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// RFC 9110 section 7.6.1: a proxy must drop the fields a message names in its <c>Connection</c> header, since they
/// were meant for this hop only. YARP drops the standard hop-by-hop fields but not the ones named there.
/// </summary>
public sealed class ConnectionHeaderTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestTransform(static transform =>
        {
            RemoveNamed(transform.HttpContext.Request.Headers.Connection, transform.ProxyRequest.Headers);
            return default;
        });
        context.AddResponseTransform(static transform =>
        {
            if (transform.ProxyResponse is { } response && response.Headers.TryGetValues("Connection", out var named))
            {
                foreach (var value in named)
                {
                    foreach (var name in Tokens(value))
                    {
                        transform.HttpContext.Response.Headers.Remove(name);
                    }
                }
            }

            return default;
        });
    }

    private static void RemoveNamed(StringValues connection, System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        foreach (var value in connection)
        {
            foreach (var name in Tokens(value))
            {
                headers.Remove(name);
            }
        }
    }

    private static IEnumerable<string> Tokens(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield break;
        }

        foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) && !token.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                yield return token;
            }
        }
    }
}
