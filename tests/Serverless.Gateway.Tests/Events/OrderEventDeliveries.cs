using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.LocalRun;
using Serverless.Gateway.Events;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// Order events and the ways a consumer receives them in these tests: the Functions host's Service Bus trigger payload
/// posted to <c>/{FunctionName}</c> of a gateway started in FunctionsHost mode (where no trigger runs, so the test's
/// deliveries are the only ones), or a call straight to the consumer.
/// </summary>
internal static class OrderEventDeliveries
{
    public const string Currency = "EUR";
    public const string Source = "/serverless-gateway/orders";

    /// <summary>How the orders service writes an event's data: camelCase, nulls left out.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The gateway under the Functions host, without the orders service: the order queries and the consumer functions, but nothing runs by itself.</summary>
    public static Task<OrderSagaHarness> StartUnderFunctionsHostAsync(AzuriteFixture azurite) =>
        OrderSagaHarness.StartGatewayOnlyAsync(azurite,
            (GatewayHostingContext.CustomHandlerPortVariable, LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)));

    /// <summary>A customer id no other test uses, so queries by it see only this test's orders.</summary>
    public static string NewCustomerId() => $"cust-{Guid.NewGuid():N}"[..24];

    /// <summary>An order event shaped as the orders service shapes it, with the id it would get.</summary>
    public static CloudEvent Event(
        string orderId, long sequence, string type, string status, string customerId, DateTimeOffset time,
        string tenant = OrderSagaHarness.Tenant, string? reason = null, decimal total = 2.50m) => new()
        {
            Id = $"{orderId}-{sequence}",
            Source = OrderEventDeliveries.Source,
            Type = type,
            Time = time,
            Subject = orderId,
            Sequence = sequence,
            TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            Data = JsonSerializer.SerializeToElement(new { orderId, tenant, status, reason, customerId, total, currency = Currency }, JsonOptions),
        };

    public static CloudEvent Placed(string orderId, string customerId, DateTimeOffset time, string tenant = OrderSagaHarness.Tenant) =>
        Event(orderId, 1, OrderEventTypes.Placed, "Pending", customerId, time, tenant);

    public static CloudEvent Completed(string orderId, string customerId, DateTimeOffset time, string tenant = OrderSagaHarness.Tenant) =>
        Event(orderId, 2, OrderEventTypes.Completed, "Completed", customerId, time, tenant);

    public static string Json(CloudEvent cloudEvent) => JsonSerializer.Serialize(cloudEvent);

    /// <summary>
    /// The Service Bus trigger's invocation as the host sends it: the body as a string under the trigger's name, and
    /// metadata whose DeliveryCount arrives as a JSON-encoded string.
    /// </summary>
    public static JsonObject ServiceBusPayload(JsonNode? message, string deliveryCount = "1") => new()
    {
        ["Data"] = new JsonObject { [EventConsumerPipeline.TriggerBinding] = message },
        ["Metadata"] = new JsonObject
        {
            ["MessageId"] = Guid.NewGuid().ToString("N"),
            ["DeliveryCount"] = deliveryCount,
            ["EnqueuedTimeUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["SequenceNumber"] = 42,
            ["ContentType"] = "application/json",
            ["ApplicationProperties"] = new JsonObject(),
            ["UserProperties"] = new JsonObject(),
            ["sys"] = new JsonObject { ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), ["RandGuid"] = Guid.NewGuid().ToString() },
        },
    };

    /// <summary>Posts an invocation payload to a function, as the host does.</summary>
    public static async Task<HttpResponseMessage> InvokeAsync(OrderSagaHarness saga, string functionName, JsonObject payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{functionName}") { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        return await saga.Gateway.Client.SendAsync(request);
    }

    /// <summary>Delivers an event to a consumer function and returns the host-facing answer, asserting it succeeded.</summary>
    public static Task<JsonElement> DeliverAsync(OrderSagaHarness saga, string functionName, CloudEvent cloudEvent) =>
        DeliverAsync(saga, functionName, Json(cloudEvent));

    /// <summary>Delivers an event's JSON text, as it travels on the topic.</summary>
    public static async Task<JsonElement> DeliverAsync(OrderSagaHarness saga, string functionName, string eventJson)
    {
        using var response = await InvokeAsync(saga, functionName, ServiceBusPayload(eventJson));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{functionName} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The single log line a consumer function returns, which names the outcome.</summary>
    public static string LogOf(JsonElement result) => Assert.Single(result.GetProperty("Logs").EnumerateArray()).GetString()!;

    public static async Task<HttpResponseMessage> GetAsync(OrderSagaHarness saga, string pathAndQuery, string? key) =>
        await saga.SendAsync(HttpMethod.Get, pathAndQuery, key: key);

    /// <summary>GET that must answer 200; returns the body.</summary>
    public static async Task<JsonElement> GetOkAsync(OrderSagaHarness saga, string pathAndQuery, string key)
    {
        using var response = await GetAsync(saga, pathAndQuery, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery} answered {(int)response.StatusCode}: {text}");
        Assert.True(response.Headers.CacheControl?.NoStore, "The answer may be cached.");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> ListAsync(OrderSagaHarness saga, string customerId, string? key = null) =>
        GetOkAsync(saga, $"/orders?customerId={Uri.EscapeDataString(customerId)}", key ?? saga.Key);

    public static Task<JsonElement> TrailAsync(OrderSagaHarness saga, string orderId, string? key = null) =>
        GetOkAsync(saga, $"/orders/{orderId}/events", key ?? saga.Key);

    /// <summary>Asserts a Problem Details answer with the status and code, and no trace of the server's internals.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
