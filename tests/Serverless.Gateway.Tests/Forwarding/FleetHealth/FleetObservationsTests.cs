using Serverless.Gateway.Forwarding.FleetHealth;
using Yarp.ReverseProxy.Forwarder;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

public sealed class FleetObservationsTests
{
    [Theory]
    [InlineData(200, true)]
    [InlineData(404, true)]
    [InlineData(429, true)]
    [InlineData(503, false)]
    [InlineData(500, false)]
    public void An_answer_counts_as_a_success_unless_it_is_a_server_failure(int status, bool success)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;

        Assert.Equal(!success, FleetObservations.Classify(context));
    }

    [Fact]
    public void A_destination_that_could_not_be_reached_is_a_failure()
    {
        var context = Failed(ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, "refused", new IOException("refused")));

        Assert.True(FleetObservations.Classify(context));
    }

    [Theory]
    [InlineData(ForwarderError.RequestBodyClient)]
    [InlineData(ForwarderError.RequestCanceled)]
    [InlineData(ForwarderError.RequestCreation)]
    public void A_failure_the_client_caused_counts_neither_way(ForwarderError error)
    {
        Assert.Null(FleetObservations.Classify(Failed(error, null)));
    }

    [Fact]
    public void A_caller_that_went_away_counts_neither_way()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.StatusCode = 502;
        aborted.Cancel();

        Assert.Null(FleetObservations.Classify(context));
    }

    private static DefaultHttpContext Failed(ForwarderError error, Exception? exception)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = 502;
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));
        return context;
    }

    private sealed record ErrorFeature(ForwarderError Error, Exception? Exception) : IForwarderErrorFeature;
}
