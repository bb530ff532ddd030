using System.Net;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Tests.Forwarding;

public sealed class BackendAttemptPolicyTests
{
    private static BackendAttemptPolicy Policy(TimeSpan baseDelay, TimeSpan maxDelay) =>
        new(new ResilienceOptions { Retry = new RetryOptions { MaxRetries = 5, BaseDelay = baseDelay, MaxDelay = maxDelay } }, TimeProvider.System, () => { });

    [Theory]
    [InlineData(0, 0.0, 80)]
    [InlineData(0, 0.5, 100)]
    [InlineData(0, 0.999999, 120)]
    [InlineData(1, 0.5, 200)]
    [InlineData(2, 0.0, 320)]
    [InlineData(3, 0.5, 800)]
    public void Each_retry_waits_twice_as_long_as_the_one_before_within_a_fifth_either_way(int retry, double jitter, double expectedMilliseconds)
    {
        var delay = Policy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)).RetryDelay(retry, jitter);

        Assert.Equal(expectedMilliseconds, delay.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData(3, 0.999999)]
    [InlineData(30, 0.5)]
    [InlineData(int.MaxValue, 0.5)]
    public void No_retry_waits_longer_than_the_maximum_delay(int retry, double jitter)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(900), Policy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(900)).RetryDelay(retry, jitter));
        Assert.Equal(TimeSpan.FromDays(1), Policy(TimeSpan.FromHours(12), TimeSpan.FromDays(1)).RetryDelay(retry, jitter));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void Only_the_transient_gateway_statuses_of_an_idempotent_request_are_retried(HttpStatusCode status, bool retried)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://b/");
        using var response = new HttpResponseMessage(status);

        Assert.Equal(retried, BackendAttemptPolicy.IsRetryable(request, response, null));
    }

    [Fact]
    public void A_streamed_body_that_was_sent_is_never_sent_again()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://b/") { Content = new StreamContent(Stream.Null) };
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.False(BackendAttemptPolicy.IsRetryable(request, response, null));
        Assert.False(BackendAttemptPolicy.IsRetryable(request, null, new BackendAttemptTimeoutException(TimeSpan.FromSeconds(1), null)));
        Assert.False(BackendAttemptPolicy.IsRetryable(request, null, new HttpRequestException(HttpRequestError.ResponseEnded)));
    }

    [Fact]
    public void A_buffered_body_of_an_idempotent_request_can_be_sent_again_after_a_timeout()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://b/") { Content = new ByteArrayContent([1, 2, 3]) };

        Assert.True(BackendAttemptPolicy.IsRetryable(request, null, new BackendAttemptTimeoutException(TimeSpan.FromSeconds(1), null)));
    }

    [Fact]
    public void A_connection_that_was_never_established_is_retried_even_with_a_streamed_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://b/") { Content = new StreamContent(Stream.Null) };

        Assert.True(BackendAttemptPolicy.IsRetryable(request, null, new HttpRequestException(HttpRequestError.ConnectionError)));
    }

    [Fact]
    public void A_post_is_retried_only_when_it_carries_an_idempotency_key()
    {
        using var plain = new HttpRequestMessage(HttpMethod.Post, "http://b/");
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "http://b/");
        keyed.Headers.Add(IdempotentMethods.IdempotencyKeyHeader, "order-42");
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway);

        Assert.False(BackendAttemptPolicy.IsRetryable(plain, response, null));
        Assert.True(BackendAttemptPolicy.IsRetryable(keyed, response, null));
    }

    [Fact]
    public void A_failure_that_is_not_transient_is_not_retried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://b/");

        Assert.False(BackendAttemptPolicy.IsRetryable(request, null, new InvalidOperationException("bad header")));
        Assert.False(BackendAttemptPolicy.IsRetryable(request, null, new OperationCanceledException()));
    }
}
