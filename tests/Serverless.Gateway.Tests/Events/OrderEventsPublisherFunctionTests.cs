using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Gateway.Events;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Events;

/// <summary>The publisher's custom-handler contract: a Storage queue payload in, the same event out on the Service Bus output.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrderEventsPublisherFunctionTests(AzuriteFixture azurite)
{
    private static readonly string Event = JsonSerializer.Serialize(new
    {
        specversion = "1.0",
        id = "0123456789abcdef0123456789abcdef-1",
        source = "/serverless-gateway/orders",
        type = "serverless.orders.placed",
        time = "2026-11-23T12:00:00+00:00",
        subject = "0123456789abcdef0123456789abcdef",
        sequence = 1,
        datacontenttype = "application/json",
        traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        data = new { orderId = "0123456789abcdef0123456789abcdef", tenant = "contoso", status = "Pending" },
    });

    [Fact]
    public async Task A_queued_event_is_returned_as_the_topic_output_object_unchanged()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);

        using var response = await app.Client.PostAsJsonAsync($"/{OrderEventsPublisherFunction.FunctionName}", Payload(JsonSerializer.Serialize(Event)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Outputs").GetProperty(OrderEventsPublisherFunction.OutputBinding);
        Assert.Equal(JsonValueKind.Object, output.ValueKind);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(Event).RootElement, output));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"s\",\"sequence\":1,\"time\":\"2026-11-23T12:00:00Z\",\"data\":{}}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"s\",\"sequence\":1,\"time\":\"2026-11-23T12:00:00Z\",\"data\":{}}")]
    [InlineData("[1,2,3]")]
    public async Task Something_that_is_not_a_cloudevent_fails_the_invocation_with_a_problem_and_publishes_nothing(string body)
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);

        using var response = await app.Client.PostAsJsonAsync($"/{OrderEventsPublisherFunction.FunctionName}", Payload(JsonSerializer.Serialize(body)));

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static object Payload(string message) => new
    {
        Data = new { message },
        Metadata = new
        {
            DequeueCount = "\"1\"",
            Id = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
            InsertionTime = "2026-11-23T12:00:00+00:00",
            PopReceipt = "AgAAAAMAAAAAAAAA",
            sys = new { MethodName = OrderEventsPublisherFunction.FunctionName, UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
        },
    };
}
