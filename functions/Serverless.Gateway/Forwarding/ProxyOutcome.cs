using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>What one forwarded request came to, as the per-destination circuit breaker judges it.</summary>
public readonly record struct ProxyOutcome(int StatusCode, ForwarderError Error)
{
    /// <summary>
    /// A destination failure: it could not be reached, did not answer in time, or answered 5xx. Failures the client
    /// caused (cancelled, bad body) say nothing about the destination.
    /// </summary>
    public bool IsDestinationFailure => Error switch
    {
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders or ForwarderError.RequestCreation => true,
        ForwarderError.None => StatusCode is 500 or 502 or 503 or 504,
        _ => false,
    };

    public static ProxyOutcome From(HttpContext context) =>
        new(context.Response.StatusCode, context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None);
}
