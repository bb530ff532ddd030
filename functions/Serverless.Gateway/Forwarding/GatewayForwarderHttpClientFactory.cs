using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>YARP's client for each backend, with the backend's retry and timeout handler on top.</summary>
public sealed class GatewayForwarderHttpClientFactory(BackendResiliencePipelines pipelines) : ForwarderHttpClientFactory
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new RetryHandler(context.ClusterId, pipelines) { InnerHandler = base.WrapHandler(context, handler) };
}
