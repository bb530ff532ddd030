using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>What one forwarded request came to, as the per-destination circuit breaker judges it.</summary>
public readonly record struct ProxyOutcome(int StatusCode, ForwarderError Error, Exception? Exception = null)
{
    /// <summary>
    /// A destination failure: it could not be reached, did not answer in time, failed mid-exchange, or answered 5xx.
    /// Failures the client caused (cancelled, bad or oversized body, a request the HTTP client refused to send) say
    /// nothing about the destination.
    /// </summary>
    public bool IsDestinationFailure => Error == ForwarderError.None
        ? StatusCode is 500 or 502 or 503 or 504
        : ForwardingFaults.IsDestinationFailure(Error, Exception);

    public static ProxyOutcome From(HttpContext context) => context.Features.Get<IForwarderErrorFeature>() is { } error
        ? new(context.Response.StatusCode, error.Error, error.Exception)
        : new(context.Response.StatusCode, ForwarderError.None);
}
