using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Forwarding;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class BackendClientTests(AzuriteFixture azurite)
{
    private const int CallFailedEventId = 1120;

    [Fact]
    public async Task A_destination_that_refuses_the_connection_fails_with_the_root_cause_kept_as_inner_exception_and_in_the_log()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new GatewaySettings()
                .Backend("down", "http://127.0.0.1:1")
                .Set("Gateway:Backends:down:Resilience:Retry:MaxRetries", "0")
                .Build(),
            configure: builder => builder.Logging.AddProvider(logs));
        var client = gateway.Services.GetRequiredService<BackendClient>();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.SendAsync("down", address => new HttpRequestMessage(HttpMethod.Get, new Uri(address, "items")), CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        var cause = Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.IsType<SocketException>(cause.InnerException);
        var log = Assert.Single(logs.WithEventId(CallFailedEventId));
        Assert.Same(cause, log.Exception);
        Assert.Equal("down", log.Property("Backend"));
    }

    [Fact]
    public async Task A_destination_slower_than_the_attempt_timeout_fails_as_a_timeout_and_counts_against_its_circuit()
    {
        await using var backend = await BackendServer.StartAsync("slow", context => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted));
        await using var gateway = await GatewayTestServer.StartAsync(
            azurite,
            new GatewaySettings()
                .Backend("slow", backend.Address)
                .Set("Gateway:Backends:slow:Resilience:AttemptTimeout", "00:00:00.200")
                .Set("Gateway:Backends:slow:Resilience:Retry:MaxRetries", "0")
                .Set("Gateway:Backends:slow:Resilience:CircuitBreaker:MinimumThroughput", "2")
                .Build());
        var client = gateway.Services.GetRequiredService<BackendClient>();
        Task<HttpResponseMessage> Call() =>
            client.SendAsync("slow", address => new HttpRequestMessage(HttpMethod.Get, new Uri(address, "items")), CancellationToken.None);

        await Assert.ThrowsAsync<BackendAttemptTimeoutException>(Call);
        await Assert.ThrowsAsync<BackendAttemptTimeoutException>(Call);

        await Assert.ThrowsAsync<BackendUnavailableException>(Call);
    }
}
