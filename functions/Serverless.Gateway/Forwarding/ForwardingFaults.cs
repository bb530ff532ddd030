using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Forwarding;

/// <summary>
/// Whose fault a failed forward is. Only the destination's count against its circuit: a client can send requests that
/// are bound to fail (a body over the limit, a header the HTTP client will not send, a disconnect mid-upload), and if
/// those counted, a handful of them would take a healthy backend out of rotation for every caller.
/// </summary>
internal static class ForwardingFaults
{
    public static bool IsDestinationFailure(ForwarderError error, Exception? exception) => error switch
    {
        ForwarderError.Request => !WasRefusedBeforeSending(exception),
        ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders
            or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination => true,

        // RequestCreation, the *Client and *Canceled errors, NoAvailableDestinations and UpgradeActivityTimeout: the
        // destination was not asked, or did its part.
        _ => false,
    };

    /// <summary>
    /// SocketsHttpHandler checks a request before writing a byte of it (a header value it cannot encode, a CONNECT it
    /// cannot make) and reports what it refuses with neither an <see cref="HttpRequestError"/> nor an inner exception.
    /// Whatever failed on the wire carries one or the other: a socket, TLS or protocol error.
    /// </summary>
    public static bool WasRefusedBeforeSending(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.Unknown, InnerException: null };

    /// <summary>Kestrel's refusal of a body over the route's limit, however YARP wrapped it while copying the body.</summary>
    public static bool IsBodyTooLarge(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsBodyTooLarge),
        { InnerException: { } inner } => IsBodyTooLarge(inner),
        _ => false,
    };
}
