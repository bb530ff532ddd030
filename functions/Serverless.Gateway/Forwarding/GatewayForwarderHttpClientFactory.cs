using System.Text;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>YARP's client for each backend, with the backend's retry and timeout handler on top.</summary>
public sealed class GatewayForwarderHttpClientFactory(BackendResilience pipelines) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);

        // Kestrel accepts header values in UTF-8 (and refuses any other non-ASCII bytes), while SocketsHttpHandler by
        // default refuses to send anything but ASCII. Encoding as UTF-8 again sends a value on exactly as it arrived,
        // where the default would fail every request carrying, say, "User-Agent: Mözilla" with a 502.
        handler.RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new RetryHandler(context.ClusterId, pipelines) { InnerHandler = base.WrapHandler(context, handler) };
}
