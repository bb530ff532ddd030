using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Events.Queries;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;
using static Serverless.Gateway.Tests.Events.OrderEventDeliveries;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// The custom-handler contract of the two consumer functions: the Functions host's Service Bus (and, for the standalone
/// mapping, Storage queue) invocation payloads, in the shapes the host may send them, answered with
/// <c>{Outputs, Logs, ReturnValue}</c>; and malformed events answered with a Problem Details failure, storing nothing.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderEventConsumerContractTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Functions => new() { OrderProjectionFunction.FunctionName, OrderAuditFunction.FunctionName };

    /// <summary>Ways the host may hand over the same event: the name of the shape, and the payload for an event's JSON text.</summary>
    private static readonly (string Shape, Func<string, JsonObject> Payload)[] Shapes =
    [
        ("service bus, body as a string", static json => ServiceBusPayload(json)),
        ("service bus, body encoded twice", static json => ServiceBusPayload(JsonSerializer.Serialize(json))),
        ("service bus, body as an object", static json => ServiceBusPayload(JsonNode.Parse(json))),
        ("service bus, DeliveryCount as a number", static json => WithMetadata(ServiceBusPayload(json), "DeliveryCount", 1)),
        ("service bus, DeliveryCount encoded twice", static json => WithMetadata(ServiceBusPayload(json), "DeliveryCount", "\"2\"")),
        ("service bus, Data encoded as a string", static json => DataAsString(ServiceBusPayload(json))),
        ("storage queue", static json => QueuePayload(json)),
    ];

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_shape_of_the_hosts_payload_is_answered_200_with_outputs_logs_and_return_value_and_takes_effect(string function)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        foreach (var (shape, payload) in Shapes)
        {
            var orderId = Guid.NewGuid().ToString("N");
            var customerId = NewCustomerId();
            var placed = Placed(orderId, customerId, DateTimeOffset.UtcNow);

            using var response = await InvokeAsync(saga, function, payload(Json(placed)));

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{shape}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var result = JsonDocument.Parse(text).RootElement;
            Assert.Equal(JsonValueKind.Object, result.GetProperty("Outputs").ValueKind);
            Assert.Empty(result.GetProperty("Outputs").EnumerateObject());
            Assert.Contains(placed.Id, LogOf(result), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, result.GetProperty("ReturnValue").ValueKind);
            Assert.True(await TookEffectAsync(saga, function, orderId), $"{shape}: {function} did not record order {orderId}.");
        }
    }

    public static TheoryData<string, string> MalformedEvents
    {
        get
        {
            var orderId = Guid.NewGuid().ToString("N");
            var valid = JsonNode.Parse(Json(Placed(orderId, "cust-1", DateTimeOffset.UtcNow)))!.AsObject();
            string Changed(Action<JsonObject> change)
            {
                var copy = valid.DeepClone().AsObject();
                change(copy);
                return copy.ToJsonString();
            }

            JsonObject Data(JsonObject e) => e["data"]!.AsObject();
            var data = new TheoryData<string, string>();
            foreach (var function in new[] { OrderProjectionFunction.FunctionName, OrderAuditFunction.FunctionName })
            {
                data.Add(function, "not json");
                data.Add(function, "[1,2,3]");
                data.Add(function, Changed(e => e.Remove("subject")));
                data.Add(function, Changed(e => e["sequence"] = 0));
                data.Add(function, Changed(e => e["data"] = "a string"));
                data.Add(function, Changed(e => Data(e).Remove("tenant")));
                data.Add(function, Changed(e => Data(e)["tenant"] = "  "));
                data.Add(function, Changed(e => Data(e)["tenant"] = 42));
                data.Add(function, Changed(e => Data(e).Remove("orderId")));
                data.Add(function, Changed(e => Data(e)["orderId"] = Guid.NewGuid().ToString("N")));
                data.Add(function, Changed(e => Data(e).Remove("status")));
                data.Add(function, Changed(e => Data(e)["total"] = "2.50"));
                data.Add(function, Changed(e => Data(e)["customerId"] = "cust\u0000x"));
                data.Add(function, Changed(e => Data(e)["customerId"] = new string('c', 65)));
                data.Add(function, Changed(e => e["time"] = "0001-01-01T00:00:00+00:00"));
                data.Add(function, Changed(e => Data(e)["tenant"] = "contoso").Replace("\"contoso\"", "\"con\\ud800toso\"", StringComparison.Ordinal));
                data.Add(function, Changed(e =>
                {
                    var longId = new string('/', 300);
                    e["subject"] = longId;
                    Data(e)["orderId"] = longId;
                }));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedEvents))]
    public async Task A_malformed_event_fails_the_invocation_with_a_problem_and_stores_nothing(string function, string body)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var orderId = TryOrderId(body);

        using var response = await InvokeAsync(saga, function, ServiceBusPayload(body));

        Assert.False(response.IsSuccessStatusCode);
        var problem = await AssertProblemAsync(response, StatusCodes.Status422UnprocessableEntity, FunctionProblemCodes.InvalidFunctionInput);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (orderId is not null)
        {
            Assert.False(await TookEffectAsync(saga, function, orderId), $"{function} stored something of a malformed event.");
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task A_payload_without_data_is_refused_as_an_invalid_invocation(string function)
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);

        using var response = await InvokeAsync(saga, function, new JsonObject { ["Metadata"] = new JsonObject() });

        await AssertProblemAsync(response, StatusCodes.Status400BadRequest, FunctionProblemCodes.InvalidInvocation);
    }

    private static async Task<bool> TookEffectAsync(OrderSagaHarness saga, string function, string orderId)
    {
        var services = saga.Gateway.Services;
        return function == OrderProjectionFunction.FunctionName
            ? await services.GetRequiredService<OrderProjectionStore>().GetAsync(OrderSagaHarness.Tenant, orderId, CancellationToken.None) is not null
            : (await services.GetRequiredService<OrderAuditStore>().ReadAsync(orderId, 10, CancellationToken.None)).Entries.Count > 0;
    }

    /// <summary>The order id a malformed event names, where it names a well-formed one.</summary>
    private static string? TryOrderId(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["subject"]?.GetValue<string>() is { } subject && OrderIds.IsWellFormed(subject) ? subject : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonObject WithMetadata(JsonObject payload, string name, JsonNode? value)
    {
        payload["Metadata"]![name] = value;
        return payload;
    }

    /// <summary>The whole Data object sent as a JSON string, which the host may do with any value.</summary>
    private static JsonObject DataAsString(JsonObject payload)
    {
        payload["Data"] = payload["Data"]!.ToJsonString();
        return payload;
    }

    /// <summary>A Storage queue trigger's payload, as the standalone mapping of a subscription would deliver under a queue trigger.</summary>
    private static JsonObject QueuePayload(string json) => new()
    {
        ["Data"] = new JsonObject { ["message"] = json },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = "1",
            ["Id"] = Guid.NewGuid().ToString(),
            ["InsertionTime"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["PopReceipt"] = "AgAAAAMAAAAAAAAA",
        },
    };
}
