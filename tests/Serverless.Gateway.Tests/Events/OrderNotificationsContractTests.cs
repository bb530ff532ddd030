using Serverless.Gateway.Events;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Samples.Participants;
using Serverless.Gateway.Events.Notifications;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// The custom-handler contract of OrderNotifications: Service-Bus-shaped host payloads, with values JSON-encoded a
/// second time, answered 200 with Outputs, Logs and ReturnValue when the webhook took the event, non-2xx when not.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderNotificationsContractTests(AzuriteFixture azurite)
{
    public static TheoryData<string> MessageShapes => ["string", "double-encoded string", "object"];

    [Theory]
    [MemberData(nameof(MessageShapes))]
    public async Task A_service_bus_payload_is_answered_200_with_outputs_logs_and_return_value(string shape)
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);
        var state = new OrderEventSequence();
        var placed = state.Next(OrderEventTypes.Placed);
        JsonNode message = shape switch
        {
            "string" => JsonValue.Create(placed),
            "double-encoded string" => JsonValue.Create(JsonSerializer.Serialize(placed)),
            _ => JsonNode.Parse(placed)!,
        };

        using var response = await harness.DeliverAsync(message);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var result = JsonDocument.Parse(text).RootElement;
        Assert.Equal(JsonValueKind.Object, result.GetProperty("Outputs").ValueKind);
        Assert.Empty(result.GetProperty("Outputs").EnumerateObject());
        Assert.Contains(result.GetProperty("Logs").EnumerateArray(), line => line.GetString()!.Contains($"{state.OrderId}-1", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("ReturnValue").ValueKind);
        Assert.Single(await harness.ReceivedAsync(state.OrderId));
    }

    [Fact]
    public async Task A_webhook_that_is_down_fails_the_invocation_so_the_host_retries()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite, new ParticipantFaults { DownForSeconds = 3600 });
        var state = new OrderEventSequence();

        using var response = await harness.DeliverAsync(state.Next(OrderEventTypes.Placed));

        await AssertFailedAsync(response);
        Assert.Empty(await harness.ReceivedAsync(state.OrderId));
        Assert.False(await harness.IsProcessedAsync($"{state.OrderId}-1"));
    }

    [Fact]
    public async Task A_webhook_that_refuses_the_event_fails_the_invocation_so_it_is_dead_lettered_not_dropped()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite, null, ("Events:Notifications:Path", "/hooks/nowhere"));
        var state = new OrderEventSequence();

        using var response = await harness.DeliverAsync(state.Next(OrderEventTypes.Placed), deliveryCount: 10);

        await AssertFailedAsync(response);
        Assert.False(await harness.IsProcessedAsync($"{state.OrderId}-1"));
    }

    [Fact]
    public async Task A_message_that_is_not_a_cloud_event_is_rejected_422_without_a_call()
    {
        await using var harness = await NotificationsHarness.StartUnderFunctionsHostAsync(azurite);

        using var response = await harness.DeliverAsync(JsonValue.Create("{\"orderId\":\"o-1\",\"kind\":\"placed\"}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(FunctionProblemCodes.InvalidFunctionInput, problem.GetProperty("code").GetString());
        Assert.Empty((await OrderSagaHarness.LedgerAsync(harness.Receiver)).GetProperty("notifications").EnumerateArray());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.Unauthorized, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, true)]
    [InlineData(HttpStatusCode.MovedPermanently, true)]
    [InlineData(HttpStatusCode.RequestTimeout, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public void Only_answers_a_retry_cannot_change_are_permanent(HttpStatusCode status, bool permanent) =>
        Assert.Equal(permanent, OrderNotifications.IsPermanent(status));

    private static async Task AssertFailedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"Expected 500, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FunctionProblemCodes.FunctionFailed, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
