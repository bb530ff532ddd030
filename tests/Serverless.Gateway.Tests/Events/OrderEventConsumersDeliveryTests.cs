using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Gateway.Events;
using Serverless.Gateway.Events.Audit;
using Serverless.Gateway.Events.Projection;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Tests.Orders;
using static Serverless.Gateway.Tests.Events.OrderEventDeliveries;

namespace Serverless.Gateway.Tests.Events;

/// <summary>
/// The projection and the audit log under the deliveries a topic makes: late, repeated, concurrent, and repeated after a
/// crash between the effect and the processed-event record. Deliveries are the host's payloads posted to the gateway
/// in FunctionsHost mode, or calls straight to the consumer where the pipeline's de-duplication must be bypassed.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderEventConsumersDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_completed_event_delivered_before_the_placed_event_leaves_the_order_completed_and_the_placed_event_stale()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        using var consumed = new ConsumedEventsRecorder(saga.Gateway.Services);
        var customerId = NewCustomerId();
        var state = new OrderEventSequence(customerId, total: 1.5m);
        var placedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var completedAt = placedAt.AddSeconds(3);
        var placed = state.Next(OrderEventTypes.Placed, placedAt);
        var completed = state.Next(OrderEventTypes.Completed, completedAt);

        Assert.Contains("Delivered", LogOf(await DeliverAsync(saga, OrderProjectionFunction.FunctionName, completed)), StringComparison.Ordinal);
        Assert.Contains("Stale", LogOf(await DeliverAsync(saga, OrderProjectionFunction.FunctionName, placed)), StringComparison.Ordinal);

        var order = Assert.Single((await ListAsync(saga, customerId)).GetProperty("items").EnumerateArray());
        Assert.Equal(state.OrderId, order.GetProperty("id").GetString());
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal(2, order.GetProperty("sequence").GetInt64());
        Assert.Equal(completedAt, order.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(1.5m, order.GetProperty("total").GetDecimal());
        Assert.Equal(1, consumed.Count(OrderProjection.Subscription, "stale"));
        Assert.Equal(1, consumed.Count(OrderProjection.Subscription, "delivered"));

        // The audit log records both, whatever the order of arrival, and lists them by sequence.
        await DeliverAsync(saga, OrderAuditFunction.FunctionName, completed);
        await DeliverAsync(saga, OrderAuditFunction.FunctionName, placed);
        var trail = (await TrailAsync(saga, state.OrderId)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([OrderEventTypes.Placed, OrderEventTypes.Completed], trail.Select(static e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L], trail.Select(static e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(2, consumed.Count(OrderAudit.Subscription, "delivered"));
    }

    [Fact]
    public async Task Delivering_the_same_events_again_changes_neither_the_projection_nor_the_audit_log()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        using var consumed = new ConsumedEventsRecorder(saga.Gateway.Services);
        var customerId = NewCustomerId();
        var orderId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        CloudEvent[] events = [Placed(orderId, customerId, now), Completed(orderId, customerId, now.AddSeconds(1))];
        foreach (var function in new[] { OrderProjectionFunction.FunctionName, OrderAuditFunction.FunctionName })
        {
            foreach (var cloudEvent in events)
            {
                await DeliverAsync(saga, function, cloudEvent);
            }
        }

        var projection = saga.Gateway.Services.GetRequiredService<OrderProjectionStore>();
        var before = await projection.GetAsync(OrderSagaHarness.Tenant, orderId, CancellationToken.None);
        var auditBefore = await AuditKeysAsync(orderId);

        foreach (var function in new[] { OrderProjectionFunction.FunctionName, OrderAuditFunction.FunctionName })
        {
            foreach (var cloudEvent in events.Reverse().Concat(events))
            {
                Assert.Contains("already processed", LogOf(await DeliverAsync(saga, function, cloudEvent)), StringComparison.Ordinal);
            }
        }

        var after = await projection.GetAsync(OrderSagaHarness.Tenant, orderId, CancellationToken.None);
        Assert.NotNull(after);
        Assert.Equal(before, after);
        Assert.Equal(before!.ETag, after.ETag);
        Assert.Equal(auditBefore, await AuditKeysAsync(orderId));
        Assert.Equal(2, auditBefore.Count);
        Assert.Equal(4, consumed.Count(OrderProjection.Subscription, "duplicate"));
        Assert.Equal(4, consumed.Count(OrderAudit.Subscription, "duplicate"));
    }

    [Fact]
    public async Task An_event_applied_but_not_yet_recorded_as_processed_is_recognised_by_each_consumer_as_a_duplicate()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var projection = saga.Gateway.Services.GetRequiredService<OrderProjection>();
        var audit = saga.Gateway.Services.GetRequiredService<OrderAudit>();
        var store = saga.Gateway.Services.GetRequiredService<OrderProjectionStore>();
        var orderId = Guid.NewGuid().ToString("N");
        var placed = Placed(orderId, NewCustomerId(), DateTimeOffset.UtcNow);

        // Straight to the consumers: the pipeline would drop the repeat by id before they saw it.
        Assert.Equal(EventOutcome.Delivered, await projection.ConsumeAsync(placed, CancellationToken.None));
        Assert.Equal(EventOutcome.Delivered, await audit.ConsumeAsync(placed, CancellationToken.None));
        var row = await store.GetAsync(OrderSagaHarness.Tenant, orderId, CancellationToken.None);
        var rows = await AuditKeysAsync(orderId);

        Assert.Equal(EventOutcome.Duplicate, await projection.ConsumeAsync(placed, CancellationToken.None));
        Assert.Equal(EventOutcome.Duplicate, await audit.ConsumeAsync(placed, CancellationToken.None));

        Assert.Equal(row!.ETag, (await store.GetAsync(OrderSagaHarness.Tenant, orderId, CancellationToken.None))!.ETag);
        Assert.Equal(rows, await AuditKeysAsync(orderId));
    }

    [Fact]
    public async Task Concurrent_repeated_deliveries_in_any_order_leave_the_newest_state_applied_once_and_one_audit_row_per_event()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var projection = saga.Gateway.Services.GetRequiredService<OrderProjection>();
        var audit = saga.Gateway.Services.GetRequiredService<OrderAudit>();
        var customerId = NewCustomerId();
        var orderId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        CloudEvent[] events =
        [
            Placed(orderId, customerId, now),
            Event(orderId, 2, OrderEventTypes.NeedsAttention, "NeedsAttention", customerId, now.AddSeconds(1), reason: "refund_failed"),
            Event(orderId, 3, OrderEventTypes.Cancelled, "Cancelled", customerId, now.AddSeconds(2), reason: "card_declined"),
        ];
        var deliveries = events.SelectMany(static e => Enumerable.Repeat(e, 4)).OrderBy(static _ => Random.Shared.Next()).ToList();

        var projected = await Task.WhenAll(deliveries.Select(e => Task.Run(async () => (e.Sequence, Outcome: await projection.ConsumeAsync(e, CancellationToken.None)))));
        var audited = await Task.WhenAll(deliveries.Select(e => Task.Run(async () => await audit.ConsumeAsync(e, CancellationToken.None))));

        var order = Assert.Single((await ListAsync(saga, customerId)).GetProperty("items").EnumerateArray());
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.Equal(3, order.GetProperty("sequence").GetInt64());
        Assert.Single(projected, static p => p is { Sequence: 3, Outcome: EventOutcome.Delivered });
        Assert.All(projected, static p => Assert.Contains(p.Outcome, new[] { EventOutcome.Delivered, EventOutcome.Duplicate, EventOutcome.Stale }));
        Assert.Equal(3, audited.Count(static o => o == EventOutcome.Delivered));
        Assert.Equal(9, audited.Count(static o => o == EventOutcome.Duplicate));
        Assert.Equal([1L, 2L, 3L], (await TrailAsync(saga, orderId)).GetProperty("items").EnumerateArray().Select(static e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task The_audit_log_keeps_the_whole_envelope_of_each_event()
    {
        await using var saga = await StartUnderFunctionsHostAsync(azurite);
        var orderId = Guid.NewGuid().ToString("N");
        var placed = Placed(orderId, NewCustomerId(), DateTimeOffset.UtcNow);

        await DeliverAsync(saga, OrderAuditFunction.FunctionName, placed);

        var row = Assert.Single(await AuditRowsAsync(orderId));
        Assert.Equal($"{placed.Sequence:D19}-{orderId}-1", row.RowKey);
        Assert.Equal(OrderSagaHarness.Tenant, row.GetString("Tenant"));
        Assert.Equal("Pending", row.GetString("Status"));
        Assert.Equal(OrderEventTypes.Placed, row.GetString("Type"));
        Assert.Equal(placed.Time, row.GetDateTimeOffset("Time"));
        var stored = JsonDocument.Parse(row.GetString("Event")).RootElement;
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(Json(placed)).RootElement, stored), stored.GetRawText());
    }

    /// <summary>The order's audit rows as stored, in key order; any write to a row would change its ETag.</summary>
    private async Task<List<(string RowKey, string ETag)>> AuditKeysAsync(string orderId) =>
        [.. (await AuditRowsAsync(orderId)).Select(static row => (row.RowKey, row.ETag.ToString()))];

    private async Task<List<TableEntity>> AuditRowsAsync(string orderId)
    {
        var table = new TableClient(azurite.ConnectionString, OrderAuditStore.TableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == orderId))
        {
            rows.Add(row);
        }

        return rows;
    }
}
