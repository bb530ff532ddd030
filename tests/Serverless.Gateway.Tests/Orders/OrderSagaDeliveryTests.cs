using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.AppHost;
using Serverless.AppHost.Demo.Participants;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Orders;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The queue side of the saga: duplicate, concurrent, stale and malformed deliveries of saga messages, the outbox's
/// crash window, and the events the saga publishes. Deliveries are made the way the Functions host makes them, by
/// posting its invocation payload to the gateway started in FunctionsHost mode, where nothing else consumes the queue.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Concurrent_deliveries_of_the_same_wake_message_run_each_order_exactly_once()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(quantity: 2)));
        }

        var wakes = await Task.WhenAll(ids.Select(WakeMessageOfAsync));
        var responses = await Task.WhenAll(wakes.SelectMany(wake => Enumerable.Repeat(wake, 3)).Select(wake => DeliverAsync(saga, wake)));

        foreach (var response in responses)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"A delivery answered {(int)response.StatusCode}: {text}");
            }
        }

        foreach (var id in ids)
        {
            var order = await saga.WaitForStatusAsync(id, "Completed");
            Assert.Equal(
                ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Succeeded"],
                OrderSagaHarness.History(order));
            Assert.All(order.GetProperty("history").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempts").GetInt32()));
            await AssertDoneOnceAsync(saga, id);
        }
    }

    [Fact]
    public async Task The_same_delivery_made_concurrently_through_the_processor_completes_the_order_once()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(quantity: 1));
        var wake = await WakeMessageOfAsync(id);
        var processor = saga.Gateway.Services.GetRequiredService<OrderSagaProcessor>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => processor.ProcessAsync(Parse(wake), 1, CancellationToken.None))));

        var order = await saga.WaitForStatusAsync(id, "Completed");
        Assert.All(order.GetProperty("history").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempts").GetInt32()));
        await AssertDoneOnceAsync(saga, id);
    }

    [Fact]
    public async Task An_order_cancelled_before_its_first_step_ends_cancelled_without_calling_any_service()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        using (var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: saga.Key))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        var queue = OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName);
        var wakes = (await queue.PeekMessagesAsync(32)).Value.Select(static m => m.Body.ToString())
            .Where(body => Parse(body) is { Kind: SagaMessage.WakeKind } message && message.OrderId == id).ToList();
        Assert.Equal(2, wakes.Count);
        foreach (var wake in wakes)
        {
            using var delivered = await DeliverAsync(saga, wake);
            Assert.True(delivered.IsSuccessStatusCode);
        }

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("cancelled", order.GetProperty("reason").GetString());
        Assert.Empty(order.GetProperty("history").EnumerateArray());
        Assert.Empty(await LedgerEntriesAsync(saga.Inventory, "reservations", id));
    }

    [Fact]
    public async Task A_first_delivery_leaves_fresh_outbox_rows_to_their_writer_and_a_redelivery_sends_them()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var processor = saga.Gateway.Services.GetRequiredService<OrderSagaProcessor>();
        var state = OrderSagaHarness.NewState();
        state.Status = OrderStatus.Completed;
        var completed = OrderEvents.Create(state, OrderEvents.Completed, DateTimeOffset.UtcNow);
        Assert.Null(await store.CreateAsync(state, [completed], CancellationToken.None));
        var wake = SagaMessage.Wake(state.OrderId, state.Driver);

        await processor.ProcessAsync(wake, 1, CancellationToken.None);

        Assert.Single((await store.LoadAsync(state.OrderId, CancellationToken.None))!.Pending);

        await processor.ProcessAsync(wake, 2, CancellationToken.None);

        Assert.Empty((await store.LoadAsync(state.OrderId, CancellationToken.None))!.Pending);
        var sent = (await OrderSagaHarness.Queue(azurite, OrderEvents.QueueName).PeekMessagesAsync(32)).Value;
        Assert.Single(sent, message => message.Body.ToString() == completed.Body);
    }

    [Fact]
    public async Task A_duplicate_or_stale_message_delivered_after_completion_changes_nothing()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        var wake = await WakeMessageOfAsync(id);
        using (var first = await DeliverAsync(saga, wake))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var completed = (await saga.WaitForStatusAsync(id, "Completed")).GetRawText();
        var ledgers = await LedgersAsync(saga);
        var events = await EventIdsAsync(id);

        foreach (var late in new[] { wake, SagaMessage.Wake(id, OrderIds.New()).ToJson(), SagaMessage.Reminder(id).ToJson() })
        {
            using var response = await DeliverAsync(saga, late);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(completed, (await saga.GetOrderAsync(id)).GetRawText());
        Assert.Equal(ledgers, await LedgersAsync(saga));
        Assert.Equal(events, await EventIdsAsync(id));
        Assert.DoesNotContain(
            (await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName).PeekMessagesAsync(32)).Value.Select(static m => m.Body.ToString()),
            body => body != wake && Parse(body) is { Kind: SagaMessage.WakeKind } message && message.OrderId == id);
    }

    [Fact]
    public async Task A_wake_whose_driver_is_not_the_current_one_leaves_the_order_to_its_current_driver()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState();
        Assert.Null(await store.CreateAsync(state, [], CancellationToken.None));

        using (var stale = await DeliverAsync(saga, SagaMessage.Wake(state.OrderId, OrderIds.New()).ToJson()))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        }

        var untouched = await saga.GetOrderAsync(state.OrderId);
        Assert.Equal("Pending", untouched.GetProperty("status").GetString());
        Assert.Empty(untouched.GetProperty("history").EnumerateArray());
        Assert.Empty(await LedgerEntriesAsync(saga.Inventory, "reservations", state.OrderId));

        using (var current = await DeliverAsync(saga, SagaMessage.Wake(state.OrderId, state.Driver).ToJson()))
        {
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        }

        await saga.WaitForStatusAsync(state.OrderId, "Completed");
    }

    public static TheoryData<string> MalformedMessages => new()
    {
        "this is not json",
        "[1, 2]",
        "42",
        "{}",
        "{\"kind\": \"wake\", \"driver\": \"d-1\"}",
        "{\"orderId\": \"../../x\", \"kind\": \"reminder\"}",
        "{\"orderId\": \"{ID}\", \"kind\": \"reminder\"}",
        "{\"orderId\": \"{id}\\u0000\", \"kind\": \"reminder\"}",
        "{\"orderId\": [\"{id}\"], \"kind\": \"reminder\"}",
        "{\"orderId\": \"{id}\"}",
        "{\"orderId\": \"{id}\", \"kind\": \"explode\"}",
        "{\"orderId\": \"{id}\", \"kind\": \"WAKE\", \"driver\": \"d-1\"}",
        "{\"orderId\": \"{id}\", \"kind\": \"wake\"}",
        "{\"orderId\": \"{id}\", \"kind\": \"wake\", \"driver\": \"\"}",
        "{\"orderId\": \"{id}\", \"kind\": \"wake\", \"driver\": \"" + "d" + "{65}\"}",
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task A_malformed_saga_message_fails_the_invocation_with_a_clear_error_and_touches_nothing(string template)
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState();
        Assert.Null(await store.CreateAsync(state, FirstMessages(state), CancellationToken.None));
        var message = template
            .Replace("{id}", state.OrderId, StringComparison.Ordinal)
            .Replace("{ID}", state.OrderId.ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("d{65}", new string('d', 65), StringComparison.Ordinal);

        using var response = await DeliverAsync(saga, message);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"Expected 422, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(FunctionProblemCodes.InvalidFunctionInput, problem.GetProperty("code").GetString());
        Assert.Contains("message", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUntouchedAsync(store, state);
        await ForgetOrderAsync(state.OrderId);
    }

    [Fact]
    public async Task A_saga_message_holding_invalid_text_fails_the_invocation_without_a_stack_trace_and_touches_nothing()
    {
        await using var saga = await StartUnderFunctionsHostAsync();
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState();
        Assert.Null(await store.CreateAsync(state, FirstMessages(state), CancellationToken.None));

        using var response = await DeliverAsync(saga, "{\"orderId\": \"\\ud800" + state.OrderId[1..] + "\", \"kind\": \"reminder\"}");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUntouchedAsync(store, state);
        await ForgetOrderAsync(state.OrderId);
    }

    [Fact]
    public async Task A_malformed_message_on_the_queue_ends_in_the_poison_queue_and_the_order_it_names_is_untouched()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState();
        Assert.Null(await store.CreateAsync(state, FirstMessages(state), CancellationToken.None));
        var malformed = $"{{\"orderId\":\"{state.OrderId}\",\"kind\":\"explode\"}}";

        await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName).SendMessageAsync(malformed);

        var poison = OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName + "-poison");
        await Eventually.TrueAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value.Any(message => message.Body.ToString() == malformed),
            TimeSpan.FromSeconds(60), "The malformed saga message never reached the poison queue.");
        await AssertUntouchedAsync(store, state);

        await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName).SendMessageAsync(SagaMessage.Reminder(state.OrderId).ToJson());
        await saga.WaitForStatusAsync(state.OrderId, "Completed");
    }

    [Fact]
    public async Task An_order_stored_by_a_process_that_died_before_sending_its_messages_is_completed_by_its_reminder()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var store = saga.Gateway.Services.GetRequiredService<OrderSagaStore>();
        var state = OrderSagaHarness.NewState(quantity: 3);
        var messages = FirstMessages(state);

        await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName).SendMessageAsync(SagaMessage.Reminder(state.OrderId).ToJson(), TimeSpan.FromSeconds(1));
        Assert.Null(await store.CreateAsync(state, messages, CancellationToken.None));

        await saga.WaitForStatusAsync(state.OrderId, "Completed");
        Assert.Single(await LedgerEntriesAsync(saga.Inventory, "reservations", state.OrderId));
        Assert.Single(await LedgerEntriesAsync(saga.Payment, "charges", state.OrderId));
        var events = await WaitForEventsAsync(state.OrderId, 2);
        var placed = events[0];
        Assert.Equal(OrderEvents.Placed, placed.GetProperty("type").GetString());
        Assert.Equal(state.OrderId, placed.GetProperty("subject").GetString());
        Assert.Equal(OrderEvents.Completed, events[1].GetProperty("type").GetString());
        await Eventually.TrueAsync(
            async () => (await store.LoadAsync(state.OrderId, CancellationToken.None))!.Pending.Count == 0,
            TimeSpan.FromSeconds(30), "The order's outbox was never emptied.");
    }

    [Fact]
    public async Task A_reminder_for_an_order_that_was_never_stored_is_consumed_without_effect()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = OrderIds.New();
        var queue = OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName);

        await queue.SendMessageAsync(SagaMessage.Reminder(id).ToJson());

        await Eventually.TrueAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(30), "The reminder was never consumed.");
        Assert.Equal(0, (await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName + "-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Null(await saga.Gateway.Services.GetRequiredService<OrderSagaStore>().GetAsync(id, CancellationToken.None));
        using var response = await saga.SendAsync(HttpMethod.Get, $"/orders/{id}", key: saga.Key);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_completed_order_publishes_placed_then_completed_as_cloud_events_numbered_by_sequence()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-9", quantity: 4, unitPrice: 0.5m));
        await saga.WaitForStatusAsync(id, "Completed");

        var events = await WaitForEventsAsync(id, 2);

        Assert.Equal([OrderEvents.Placed, OrderEvents.Completed], events.Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L], events.Select(static e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal([$"{id}-1", $"{id}-2"], events.Select(static e => e.GetProperty("id").GetString()));
        Assert.Equal(["Pending", "Completed"], events.Select(static e => e.GetProperty("data").GetProperty("status").GetString()));
        foreach (var cloudEvent in events)
        {
            Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
            Assert.Equal(OrderEvents.Source, cloudEvent.GetProperty("source").GetString());
            Assert.Equal(id, cloudEvent.GetProperty("subject").GetString());
            Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
            Assert.True(cloudEvent.GetProperty("time").TryGetDateTimeOffset(out _));
            var data = cloudEvent.GetProperty("data");
            Assert.Equal(id, data.GetProperty("orderId").GetString());
            Assert.Equal(OrderSagaHarness.Tenant, data.GetProperty("tenant").GetString());
            Assert.Equal("cust-9", data.GetProperty("customerId").GetString());
            Assert.Equal(2m, data.GetProperty("total").GetDecimal());
            Assert.Equal("EUR", data.GetProperty("currency").GetString());
        }
    }

    [Fact]
    public async Task A_declined_order_publishes_placed_then_cancelled_with_the_reason()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-declined"));
        await saga.WaitForStatusAsync(id, "Cancelled");

        var events = await WaitForEventsAsync(id, 2);

        Assert.Equal([OrderEvents.Placed, OrderEvents.Cancelled], events.Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal([$"{id}-1", $"{id}-2"], events.Select(static e => e.GetProperty("id").GetString()));
        Assert.Equal([1L, 2L], events.Select(static e => e.GetProperty("sequence").GetInt64()));
        var cancelled = events[1].GetProperty("data");
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("card_declined", cancelled.GetProperty("reason").GetString());
    }

    /// <summary>The harness under the Functions host: no trigger runs, so the only deliveries are the test's own.</summary>
    private Task<OrderSagaHarness> StartUnderFunctionsHostAsync() =>
        OrderSagaHarness.StartAsync(azurite, null, null, null,
            (GatewayHostingContext.CustomHandlerPortVariable, LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)));

    /// <summary>Posts the Functions host's queue-trigger invocation for <c>OrderSaga</c> with the message text.</summary>
    private static async Task<HttpResponseMessage> DeliverAsync(OrderSagaHarness saga, string message)
    {
        var payload = new
        {
            Data = new { message },
            Metadata = new
            {
                DequeueCount = 1,
                Id = Guid.NewGuid().ToString(),
                InsertionTime = DateTimeOffset.UtcNow,
                PopReceipt = "AgAAAAMAAAAAAAAA",
                sys = new { MethodName = OrderSagaFunction.FunctionName, UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{OrderSagaFunction.FunctionName}") { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        return await saga.Gateway.Client.SendAsync(request);
    }

    /// <summary>The text of the wake message the order's placement sent, as it waits on the saga queue.</summary>
    private async Task<string> WakeMessageOfAsync(string orderId)
    {
        string? wake = null;
        var queue = OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName);
        await Eventually.TrueAsync(
            async () => (wake = (await queue.PeekMessagesAsync(32)).Value.Select(static m => m.Body.ToString())
                .FirstOrDefault(body => Parse(body) is { Kind: SagaMessage.WakeKind } message && message.OrderId == orderId)) is not null,
            TimeSpan.FromSeconds(10), $"No wake message for order {orderId} on the saga queue.");
        return wake!;
    }

    private static SagaMessage Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return SagaMessage.Parse(document.RootElement);
    }

    /// <summary>What <see cref="PlaceOrderEndpoint"/> stores in a new order's outbox: its first wake and the placed event.</summary>
    private static OutboxMessage[] FirstMessages(OrderSagaState state)
    {
        var now = DateTimeOffset.UtcNow;
        return
        [
            new(OrderSagaFunction.QueueName, SagaMessage.Wake(state.OrderId, state.Driver).ToJson(), now),
            OrderEvents.Create(state, OrderEvents.Placed, now),
        ];
    }

    /// <summary>The order is as the test stored it: not advanced, its outbox not sent, nothing on the queues.</summary>
    private async Task AssertUntouchedAsync(OrderSagaStore store, OrderSagaState state)
    {
        var stored = await store.LoadAsync(state.OrderId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(OrderStatus.Pending, stored.State.Status);
        Assert.Equal(state.Driver, stored.State.Driver);
        Assert.Empty(stored.State.History);
        Assert.Equal(2, stored.Pending.Count);
        Assert.Empty(await EventIdsAsync(state.OrderId));
        Assert.DoesNotContain(
            (await OrderSagaHarness.Queue(azurite, OrderSagaFunction.QueueName).PeekMessagesAsync(32)).Value,
            message => message.Body.ToString().Contains(state.OrderId, StringComparison.Ordinal) && message.Body.ToString().Contains("wake", StringComparison.Ordinal));
    }

    /// <summary>Deletes an order the test left unfinished, so no later test's sweeper resumes it against other participants.</summary>
    private async Task ForgetOrderAsync(string orderId)
    {
        var table = new TableClient(azurite.ConnectionString, OrderSagaStore.TableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == orderId, select: ["PartitionKey", "RowKey"]))
        {
            rows.Add(row);
        }

        foreach (var row in rows)
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }

    /// <summary>The order's events on the events queue, one per event id (the queue may hold an at-least-once duplicate), by sequence.</summary>
    private async Task<List<JsonElement>> EventsOfAsync(string orderId)
    {
        var peeked = await OrderSagaHarness.Queue(azurite, OrderEvents.QueueName).PeekMessagesAsync(32);
        var events = peeked.Value.Select(static m => JsonDocument.Parse(m.Body.ToString()).RootElement.Clone())
            .Where(e => e.GetProperty("subject").GetString() == orderId)
            .ToList();
        foreach (var copies in events.GroupBy(static e => e.GetProperty("id").GetString()))
        {
            Assert.Single(copies.Select(static e => (e.GetProperty("type").GetString(), e.GetProperty("sequence").GetInt64())).Distinct());
        }

        return [.. events.DistinctBy(static e => e.GetProperty("id").GetString()).OrderBy(static e => e.GetProperty("sequence").GetInt64())];
    }

    private async Task<List<JsonElement>> WaitForEventsAsync(string orderId, int count)
    {
        List<JsonElement> events = [];
        await Eventually.TrueAsync(
            async () => (events = await EventsOfAsync(orderId)).Count >= count,
            TimeSpan.FromSeconds(30), () => $"Order {orderId} published {events.Count} event(s), not {count}.");
        Assert.Equal(count, events.Count);
        return events;
    }

    private async Task<string[]> EventIdsAsync(string orderId) =>
        [.. (await EventsOfAsync(orderId)).Select(static e => e.GetProperty("id").GetString()!)];

    private static async Task<string[]> LedgersAsync(OrderSagaHarness saga) =>
    [
        (await OrderSagaHarness.LedgerAsync(saga.Inventory)).GetRawText(),
        (await OrderSagaHarness.LedgerAsync(saga.Payment)).GetRawText(),
        (await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetRawText(),
    ];

    private static async Task AssertDoneOnceAsync(OrderSagaHarness saga, string id)
    {
        Assert.Single(await LedgerEntriesAsync(saga.Inventory, "reservations", id));
        Assert.Single(await LedgerEntriesAsync(saga.Payment, "charges", id));
        Assert.Single(await LedgerEntriesAsync(saga.Shipping, "shipments", id));
    }

    private static async Task<List<JsonElement>> LedgerEntriesAsync(ParticipantService participant, string list, string orderId) =>
        [.. (await OrderSagaHarness.LedgerAsync(participant)).GetProperty(list).EnumerateArray().Where(e => e.GetProperty("orderId").GetString() == orderId)];
}
