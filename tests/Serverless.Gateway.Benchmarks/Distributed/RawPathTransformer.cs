using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// Forwards the request target exactly as the client sent it. YARP rebuilds the path from its decoded form with its own
/// escaping, which turns the SDK's <c>%21</c> in a point read such as <c>RowKey='%21lease'</c> into <c>!</c>; the
/// Shared Key signature covers the path as signed, so Azurite would refuse the request with 403.
/// </summary>
internal sealed class RawPathTransformer : HttpTransformer
{
    public static readonly RawPathTransformer Instance = new();

    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var rawTarget = httpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        proxyRequest.RequestUri = new Uri(destinationPrefix.TrimEnd('/') + rawTarget, Verbatim);
    }
}
