using System.Net.Sockets;
using Serverless.Gateway.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Tests.Forwarding;

public sealed class ProxyOutcomeTests
{
    [Theory]
    [InlineData(ForwarderError.RequestCreation)]
    [InlineData(ForwarderError.RequestCanceled)]
    [InlineData(ForwarderError.RequestBodyCanceled)]
    [InlineData(ForwarderError.RequestBodyClient)]
    [InlineData(ForwarderError.ResponseBodyCanceled)]
    [InlineData(ForwarderError.ResponseBodyClient)]
    [InlineData(ForwarderError.UpgradeRequestCanceled)]
    [InlineData(ForwarderError.UpgradeRequestClient)]
    [InlineData(ForwarderError.UpgradeResponseCanceled)]
    [InlineData(ForwarderError.UpgradeResponseClient)]
    [InlineData(ForwarderError.NoAvailableDestinations)]
    public void A_failure_on_the_clients_side_never_counts_against_the_destination(ForwarderError error) =>
        Assert.False(new ProxyOutcome(502, error, new IOException("client went away")).IsDestinationFailure);

    [Fact]
    public void A_request_the_http_client_refused_to_send_never_counts_against_the_destination()
    {
        // What SocketsHttpHandler throws, before it writes a byte, for a header value it cannot encode or a CONNECT it cannot make.
        var refused = new HttpRequestException("Request headers must contain only ASCII characters.");

        Assert.False(new ProxyOutcome(502, ForwarderError.Request, refused).IsDestinationFailure);
    }

    [Theory]
    [InlineData(ForwarderError.RequestTimedOut)]
    [InlineData(ForwarderError.ResponseHeaders)]
    [InlineData(ForwarderError.RequestBodyDestination)]
    [InlineData(ForwarderError.ResponseBodyDestination)]
    [InlineData(ForwarderError.UpgradeRequestDestination)]
    [InlineData(ForwarderError.UpgradeResponseDestination)]
    public void A_failure_on_the_destinations_side_counts(ForwarderError error) =>
        Assert.True(new ProxyOutcome(502, error, new IOException("destination reset the connection")).IsDestinationFailure);

    [Fact]
    public void A_destination_that_cannot_be_reached_counts()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(new ProxyOutcome(502, ForwarderError.Request, refused).IsDestinationFailure);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(404, false)]
    [InlineData(401, false)]
    public void An_answered_request_counts_only_when_the_destination_answered_5xx(int status, bool counts) =>
        Assert.Equal(counts, new ProxyOutcome(status, ForwarderError.None).IsDestinationFailure);
}
