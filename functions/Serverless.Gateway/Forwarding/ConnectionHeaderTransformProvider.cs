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
            foreach (var value in transform.HttpContext.Request.Headers.Connection)
            {
                for (var position = 0; NextName(value, ref position) is { } name;)
                {
                    transform.ProxyRequest.Headers.Remove(name);
                }
            }

            return default;
        });
        context.AddResponseTransform(static transform =>
        {
            // NonValidated: the values as received, without parsing them into a new collection on every response.
            if (transform.ProxyResponse is { } response && response.Headers.NonValidated.TryGetValues("Connection", out var named))
            {
                foreach (var value in named)
                {
                    for (var position = 0; NextName(value, ref position) is { } name;)
                    {
                        transform.HttpContext.Response.Headers.Remove(name);
                    }
                }
            }

            return default;
        });
    }

    /// <summary>
    /// The next field name in a <c>Connection</c> value from <paramref name="position"/> on, or null at its end. The
    /// connection options <c>keep-alive</c> and <c>close</c>, the usual whole value, are skipped without allocating.
    /// </summary>
    internal static string? NextName(string? value, ref int position)
    {
        while (value is not null && position < value.Length)
        {
            var rest = value.AsSpan(position);
            var comma = rest.IndexOf(',');
            var token = (comma < 0 ? rest : rest[..comma]).Trim();
            position += comma < 0 ? rest.Length : comma + 1;
            if (!token.IsEmpty && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) && !token.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                return token.ToString();
            }
        }

        return null;
    }
}
