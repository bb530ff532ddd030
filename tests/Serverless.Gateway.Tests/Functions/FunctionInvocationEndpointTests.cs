using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Functions;

/// <summary>
/// The custom-handler contract, tested the way Microsoft recommends: by sending the payloads the Functions host sends
/// to the app started in FunctionsHost mode.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class FunctionInvocationEndpointTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Queue_invocation_with_double_encoded_values_records_the_heartbeat_and_answers_the_host_shape()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { id, time = DateTimeOffset.UtcNow, source = "contract-test" });
        var payload = new
        {
            Data = new { message = JsonSerializer.Serialize(body) },
            Metadata = new
            {
                DequeueCount = "\"1\"",
                Id = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
                InsertionTime = "2024-05-01T10:00:00+00:00",
                PopReceipt = "AgAAAAMAAAAAAAAA",
                sys = new { MethodName = HeartbeatRecorderFunction.FunctionName, UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
            },
        };

        using var response = await app.Client.PostAsJsonAsync($"/{HeartbeatRecorderFunction.FunctionName}", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, result.GetProperty("Outputs").ValueKind);
        Assert.Contains(result.GetProperty("Logs").EnumerateArray(), line => line.GetString()!.Contains(id, StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("ReturnValue").ValueKind);
        var row = await FunctionsTestApp.HeartbeatTable(azurite).GetEntityAsync<Azure.Data.Tables.TableEntity>(HeartbeatRecorderFunction.PartitionKey, id);
        Assert.Equal("contract-test", row.Value.GetString("Source"));
        var recorded = Assert.Single(app.Logs.WithEventId(3201));
        Assert.Equal("1", recorded.Property("DequeueCount"));
    }

    [Fact]
    public async Task Timer_invocation_returns_the_heartbeat_as_its_queue_output_without_writing_it()
    {
        await FunctionsTestApp.ResetHeartbeatQueuesAsync(azurite);
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        var payload = new
        {
            Data = new
            {
                timer = new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = "2024-05-01T09:55:00+00:00", Next = "2024-05-01T10:05:00+00:00", LastUpdated = "2024-05-01T10:00:00+00:00" },
                    IsPastDue = false,
                },
            },
            Metadata = new { sys = new { MethodName = HeartbeatTimerFunction.FunctionName } },
        };

        using var response = await app.Client.PostAsJsonAsync($"/{HeartbeatTimerFunction.FunctionName}", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var heartbeat = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Outputs").GetProperty(HeartbeatTimerFunction.OutputBinding);
        Assert.Equal(JsonValueKind.Object, heartbeat.ValueKind);
        Assert.False(string.IsNullOrEmpty(heartbeat.GetProperty("id").GetString()));
        Assert.False(string.IsNullOrEmpty(heartbeat.GetProperty("source").GetString()));
        Assert.True(heartbeat.GetProperty("time").TryGetDateTimeOffset(out _));
        var queued = await FunctionsTestApp.Queue(azurite, HeartbeatTimerFunction.QueueName).PeekMessagesAsync();
        Assert.Empty(queued.Value);
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{\"Metadata\": {}}", "'Data' object")]
    [InlineData("{\"Data\": {}, \"Metadata\": 42}", "'Metadata'")]
    public async Task Malformed_payload_is_rejected_with_400_problem_details_saying_what_is_wrong(string body, string expectedDetail)
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);

        using var response = await app.Client.PostAsync(
            $"/{HeartbeatRecorderFunction.FunctionName}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Equal(FunctionProblemCodes.InvalidInvocation, problem.GetProperty("code").GetString());
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_declared_as_something_other_than_json_is_refused_with_415()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);

        using var response = await app.Client.PostAsync(
            $"/{HeartbeatRecorderFunction.FunctionName}", new StringContent("{\"Data\": {}}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(FunctionProblemCodes.UnsupportedMediaType, (await ReadProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Handler_failure_answers_non_success_problem_details_without_a_stack_trace_so_the_host_retries()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        var payload = new { Data = new { message = "{\"id\": \"\", \"source\": \"x\"}" }, Metadata = new { DequeueCount = 1 } };

        using var response = await app.Client.PostAsJsonAsync($"/{HeartbeatRecorderFunction.FunctionName}", payload);

        Assert.False(response.IsSuccessStatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FunctionProblemCodes.InvalidFunctionInput, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_request_proxied_by_the_host_cannot_invoke_a_function()
    {
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { id, time = DateTimeOffset.UtcNow, source = "attacker" });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{HeartbeatRecorderFunction.FunctionName}")
        {
            Content = JsonContent.Create(new { Data = new { message = body }, Metadata = new { DequeueCount = 1 } }),
        };
        request.Headers.Add("x-ms-invocation-id", Guid.NewGuid().ToString());

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("route_not_found", (await ReadProblemAsync(response)).GetProperty("code").GetString());
        Assert.Empty(app.Logs.WithEventId(3201));
        var table = FunctionsTestApp.HeartbeatTable(azurite);
        await table.CreateIfNotExistsAsync();
        Assert.False((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(HeartbeatRecorderFunction.PartitionKey, id)).HasValue);
    }

    [Fact]
    public async Task Host_invocation_id_is_recorded_on_the_request_activity()
    {
        var invocationId = Guid.NewGuid().ToString();
        var tagged = new List<string?>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("faas.invocation_id") is string tag && tag == invocationId)
                {
                    lock (tagged)
                    {
                        tagged.Add(tag);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await FunctionsTestApp.StartUnderFunctionsHostAsync(azurite);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{HeartbeatTimerFunction.FunctionName}")
        {
            Content = JsonContent.Create(new { Data = new { timer = new { IsPastDue = false } }, Metadata = new { } }),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", invocationId);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => { lock (tagged) { return tagged.Count == 1; } }, because: "The request activity was not tagged with faas.invocation_id.");
    }

    [Fact]
    public async Task Invocation_endpoints_are_not_mapped_in_standalone_mode()
    {
        await using var app = await FunctionsTestApp.StartStandaloneAsync(azurite);

        using var response = await app.Client.PostAsJsonAsync($"/{HeartbeatRecorderFunction.FunctionName}", new { Data = new { message = "{}" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(app.Logs.WithEventId(3000));
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
