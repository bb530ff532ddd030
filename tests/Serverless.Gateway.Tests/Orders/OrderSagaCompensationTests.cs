using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Samples.Participants;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Orders;

/// <summary>
/// The saga's failure paths end to end: business rejections, transient failures, timeouts, failing compensations,
/// operator retries and cancellations, each checked on the order's status API and on the participants' own ledgers.
/// A participant that must fail at a particular moment is taken down before the saga gets there and brought back once
/// the status API shows the saga waiting on it, so no test depends on how fast anything runs.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class OrderSagaCompensationTests(AzuriteFixture azurite)
{
    private static readonly ParticipantFaults Down = new() { DownForSeconds = 3600 };

    [Fact]
    public async Task An_order_for_more_than_is_in_stock_is_rejected_at_reservation_and_ends_cancelled_without_a_charge()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(sku: "rare-book", quantity: 2));

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("out_of_stock", order.GetProperty("reason").GetString());
        Assert.Equal(["ReserveInventory:Step:Rejected"], OrderSagaHarness.History(order));
        var reserve = Entry(order, "ReserveInventory", "Step");
        Assert.Equal(1, reserve.GetProperty("attempts").GetInt32());
        Assert.StartsWith("out_of_stock", reserve.GetProperty("error").GetString(), StringComparison.Ordinal);

        var inventory = await OrderSagaHarness.LedgerAsync(saga.Inventory);
        Assert.Equal(1, inventory.GetProperty("stock").GetProperty("rare-book").GetInt32());
        Assert.Empty(inventory.GetProperty("reservations").EnumerateArray());
        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        Assert.Empty(payment.GetProperty("charges").EnumerateArray());
        Assert.Empty(payment.GetProperty("declines").EnumerateArray());
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task An_order_whose_card_is_declined_releases_its_reservation_and_ends_cancelled()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-declined", sku: "pear", quantity: 3));

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Rejected", "ReleaseInventory:Compensation:Succeeded"],
            OrderSagaHarness.History(order));
        Assert.StartsWith("card_declined", Entry(order, "ChargePayment", "Step").GetProperty("error").GetString(), StringComparison.Ordinal);

        var inventory = await OrderSagaHarness.LedgerAsync(saga.Inventory);
        Assert.Equal(1000, inventory.GetProperty("stock").GetProperty("pear").GetInt32());
        var reservation = Assert.Single(inventory.GetProperty("reservations").EnumerateArray());
        Assert.Equal(id, reservation.GetProperty("orderId").GetString());
        Assert.Equal(Entry(order, "ReserveInventory", "Step").GetProperty("reference").GetString(), reservation.GetProperty("reservationId").GetString());
        Assert.Equal("released", reservation.GetProperty("status").GetString());

        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        Assert.Empty(payment.GetProperty("charges").EnumerateArray());
        Assert.Empty(payment.GetProperty("refunds").EnumerateArray());
        Assert.Equal(id, Assert.Single(payment.GetProperty("declines").EnumerateArray()).GetProperty("orderId").GetString());
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task An_order_to_an_address_that_cannot_be_served_refunds_then_releases_in_reverse_order_and_ends_cancelled()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);

        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(country: "AQ", quantity: 4, unitPrice: 3m));

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("address_not_serviceable", order.GetProperty("reason").GetString());
        Assert.Equal(
            [
                "ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected",
                "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded",
            ],
            OrderSagaHarness.History(order));

        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        var charge = Assert.Single(payment.GetProperty("charges").EnumerateArray());
        Assert.Equal(id, charge.GetProperty("orderId").GetString());
        Assert.Equal(12m, charge.GetProperty("amount").GetDecimal());
        Assert.Equal("refunded", charge.GetProperty("status").GetString());
        Assert.Equal(Entry(order, "ChargePayment", "Step").GetProperty("reference").GetString(), charge.GetProperty("chargeId").GetString());
        var refund = Assert.Single(payment.GetProperty("refunds").EnumerateArray());
        Assert.Equal(charge.GetProperty("chargeId").GetString(), refund.GetProperty("chargeId").GetString());
        Assert.Equal(12m, refund.GetProperty("amount").GetDecimal());

        await AssertStockRestoredAsync(saga, id);
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task Payments_that_fail_transiently_are_retried_until_every_order_completes_with_exactly_one_charge()
    {
        // Seeded: the payment service answers the same sequence of its requests with 503 on every run.
        await using var saga = await OrderSagaHarness.StartAsync(
            azurite, payment: new PaymentOptions { Faults = new ParticipantFaults { Transient503Rate = 0.5 }, RandomSeed = 42 });

        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: $"cust-{i}", quantity: i)));
        }

        var orders = await Task.WhenAll(ids.Select(id => saga.WaitForStatusAsync(id, "Completed")));
        Assert.All(orders, order => Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Succeeded"],
            OrderSagaHarness.History(order)));
        var chargeAttempts = orders.Select(order => Entry(order, "ChargePayment", "Step").GetProperty("attempts").GetInt32()).ToArray();
        Assert.All(chargeAttempts, attempts => Assert.True(attempts >= 1));

        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        var charges = payment.GetProperty("charges").EnumerateArray().ToArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal), charges.Select(charge => charge.GetProperty("orderId").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(charges, charge => Assert.Equal("succeeded", charge.GetProperty("status").GetString()));
        for (var i = 0; i < ids.Count; i++)
        {
            var charge = Assert.Single(charges, c => c.GetProperty("orderId").GetString() == ids[i]);
            Assert.Equal((i + 1) * 1.25m, charge.GetProperty("amount").GetDecimal());
            Assert.Equal(Entry(orders[i], "ChargePayment", "Step").GetProperty("reference").GetString(), charge.GetProperty("chargeId").GetString());
        }

        Assert.Empty(payment.GetProperty("refunds").EnumerateArray());
        Assert.Equal(5, (await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").GetArrayLength());

        // The payment service really did fail charges (its seeded draws make some of the first five 503s), and the saga retried them.
        Assert.True(chargeAttempts.Sum() > ids.Count, $"No charge was retried (charge attempts: {string.Join(", ", chargeAttempts)}).");
    }

    [Fact]
    public async Task A_shipment_that_times_out_while_shipping_is_down_is_learnt_and_cancelled_once_shipping_is_back_and_the_order_ends_cancelled()
    {
        // The timeout applies to every step by the wall clock: 2 s let ReserveInventory itself time out (2.26 s) when the
        // test machine's cores were busy, so the saga never reached CreateShipment. 8 s leaves the working steps room.
        await using var saga = await OrderSagaHarness.StartAsync(
            azurite, settings: [("Orders:StepTimeout", "00:00:08"), ("Orders:MaxStepAttempts", "100"), ("Orders:MaxCompensationAttempts", "1000")]);

        // Each answer from the down service takes a second, so the step's 8 s run out long before its 100 attempts. With
        // instant 503s only the retry delays paced the attempts, and one CI run spent all 100 in 7 s: the step failed
        // instead of timing out.
        saga.Shipping.SetFaults(Down with { LatencyMs = 1000 });

        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());

        var waiting = await WaitForAsync(
            saga, id, order => Outcome(order, "CreateShipment", "Step") == "TimedOut" && Attempts(order, "CancelShipment", "Compensation") >= 2,
            "timed out at CreateShipment and failed to cancel the shipment at least once");
        Assert.Equal("Compensating", waiting.GetProperty("status").GetString());
        Assert.Equal("step_timeout", waiting.GetProperty("reason").GetString());
        Assert.Equal("Running", Outcome(waiting, "CancelShipment", "Compensation"));
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());

        saga.Shipping.SetFaults(ParticipantFaults.None);

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("step_timeout", order.GetProperty("reason").GetString());
        Assert.Equal(
            [
                "ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:TimedOut",
                "CancelShipment:Compensation:Succeeded", "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded",
            ],
            OrderSagaHarness.History(order));
        Assert.True(Attempts(order, "CancelShipment", "Compensation") > 1);

        // Replaying CreateShipment with its own key made the shipment (shipping had made none while down), then it was cancelled.
        var shipment = Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());
        Assert.Equal(id, shipment.GetProperty("orderId").GetString());
        Assert.Equal("cancelled", shipment.GetProperty("status").GetString());
        Assert.Equal(shipment.GetProperty("shipmentId").GetString(), Entry(order, "CreateShipment", "Step").GetProperty("reference").GetString());
        await AssertRefundedOnceAsync(saga, id);
        await AssertStockRestoredAsync(saga, id);
    }

    [Fact]
    public async Task A_refund_that_fails_while_payment_is_down_is_retried_until_it_succeeds_and_the_order_ends_cancelled()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite, settings: [("Orders:MaxCompensationAttempts", "1000")]);
        var id = await HoldAtShippingWithPaymentDownAsync(saga, OrderSagaHarness.OrderJson(country: "AQ"));

        var failing = await WaitForAsync(saga, id, order => Attempts(order, "RefundPayment", "Compensation") >= 2, "retried its refund");
        Assert.Equal("Compensating", failing.GetProperty("status").GetString());
        Assert.Equal("Running", Outcome(failing, "RefundPayment", "Compensation"));
        Assert.False(string.IsNullOrEmpty(Entry(failing, "RefundPayment", "Compensation").GetProperty("error").GetString()));
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("refunds").EnumerateArray());

        saga.Payment.SetFaults(ParticipantFaults.None);

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("address_not_serviceable", order.GetProperty("reason").GetString());
        Assert.Equal(
            [
                "ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected",
                "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded",
            ],
            OrderSagaHarness.History(order));
        var refund = Entry(order, "RefundPayment", "Compensation");
        Assert.True(refund.GetProperty("attempts").GetInt32() > 1);
        Assert.Equal(JsonValueKind.Null, refund.GetProperty("error").ValueKind);
        await AssertRefundedOnceAsync(saga, id);
        await AssertStockRestoredAsync(saga, id);
    }

    [Fact]
    public async Task A_refund_that_keeps_failing_leaves_the_order_needing_attention_until_an_operator_retries_it()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite, settings: [("Orders:MaxCompensationAttempts", "3")]);
        var id = await HoldAtShippingWithPaymentDownAsync(saga, OrderSagaHarness.OrderJson(country: "AQ"));

        var stuck = await saga.WaitForStatusAsync(id, "NeedsAttention");
        Assert.Equal("address_not_serviceable", stuck.GetProperty("reason").GetString());
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected", "RefundPayment:Compensation:Failed"],
            OrderSagaHarness.History(stuck));
        var failed = Entry(stuck, "RefundPayment", "Compensation");
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
        await Eventually.TrueAsync(
            async () => (await saga.EventTypesAsync(id)).Contains("serverless.orders.needs_attention"),
            because: "No needs_attention event was emitted.");
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("refunds").EnumerateArray());
        Assert.Equal("held", Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Inventory)).GetProperty("reservations").EnumerateArray()).GetProperty("status").GetString());

        using (var refused = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/retry", key: saga.Key))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("insufficient_scope", await CodeAsync(refused));
        }

        Assert.Equal("NeedsAttention", (await saga.GetOrderAsync(id)).GetProperty("status").GetString());
        saga.Payment.SetFaults(ParticipantFaults.None);

        using (var retried = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/retry", key: saga.OperatorKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("address_not_serviceable", order.GetProperty("reason").GetString());
        Assert.Equal(
            [
                "ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected",
                "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded",
            ],
            OrderSagaHarness.History(order));
        await AssertRefundedOnceAsync(saga, id);
        await AssertStockRestoredAsync(saga, id);

        var completed = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(sku: "pear"));
        await saga.WaitForStatusAsync(completed, "Completed");
        using var notRetryable = await saga.SendAsync(HttpMethod.Post, $"/orders/{completed}/retry", key: saga.OperatorKey);
        Assert.Equal(HttpStatusCode.Conflict, notRetryable.StatusCode);
        Assert.Equal("order_not_retryable", await CodeAsync(notRetryable));
    }

    [Fact]
    public async Task An_order_cancelled_before_shipping_begins_undoes_its_reservation_and_charge_and_ends_cancelled()
    {
        await using var saga = await OrderSagaHarness.StartAsync(
            azurite, settings: [("Orders:MaxStepAttempts", "100"), ("Orders:MaxCompensationAttempts", "1000")]);
        saga.Payment.SetFaults(Down);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        await WaitForAsync(saga, id, order => Attempts(order, "ChargePayment", "Step") >= 1, "tried to charge");

        using (var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: saga.Key))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            Assert.Equal(id, (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        }

        // Whether the interrupted charge took effect is unknown, so the refund first asks payment, which is still down.
        var compensating = await WaitForAsync(saga, id, order => Attempts(order, "RefundPayment", "Compensation") >= 1, "tried to refund");
        Assert.Equal("Compensating", compensating.GetProperty("status").GetString());
        Assert.True(compensating.GetProperty("cancelRequested").GetBoolean());
        saga.Payment.SetFaults(ParticipantFaults.None);

        var order = await saga.WaitForStatusAsync(id, "Cancelled");
        Assert.Equal("cancelled", order.GetProperty("reason").GetString());
        Assert.Equal(
            [
                "ReserveInventory:Step:Succeeded", "ChargePayment:Step:Interrupted",
                "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded",
            ],
            OrderSagaHarness.History(order));

        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        var charges = OfOrder(payment.GetProperty("charges"), id);
        Assert.True(charges.Length <= 1, $"More than one charge for order {id}: {payment}");
        Assert.All(charges, charge => Assert.Equal("refunded", charge.GetProperty("status").GetString()));
        Assert.Equal(charges.Length, OfOrder(payment.GetProperty("refunds"), id).Length);
        await AssertStockRestoredAsync(saga, id);
        Assert.Empty((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray());

        using (var again = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: saga.Key))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal("Cancelled", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        Assert.Equal(OrderSagaHarness.History(order), OrderSagaHarness.History(await saga.GetOrderAsync(id)));
    }

    [Fact]
    public async Task A_completed_order_is_past_its_point_of_no_return_and_cannot_be_cancelled()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson());
        await saga.WaitForStatusAsync(id, "Completed");

        using var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: saga.Key);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("order_past_point_of_no_return", await CodeAsync(cancel));
        var order = await saga.GetOrderAsync(id);
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.False(order.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal("succeeded", Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("charges").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal("created", Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Shipping)).GetProperty("shipments").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_an_order_that_is_already_cancelled_is_accepted_and_changes_nothing()
    {
        await using var saga = await OrderSagaHarness.StartAsync(azurite);
        var id = await saga.PlaceAcceptedAsync(OrderSagaHarness.OrderJson(customerId: "cust-declined"));
        var cancelled = await saga.WaitForStatusAsync(id, "Cancelled");

        for (var i = 0; i < 2; i++)
        {
            using var cancel = await saga.SendAsync(HttpMethod.Post, $"/orders/{id}/cancel", key: saga.Key);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        var order = await saga.GetOrderAsync(id);
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        Assert.Equal("card_declined", order.GetProperty("reason").GetString());
        Assert.False(order.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal(OrderSagaHarness.History(cancelled), OrderSagaHarness.History(order));
    }

    /// <summary>
    /// Places an order with shipping down, waits until the saga has charged and is retrying CreateShipment, then takes
    /// payment down and brings shipping back: the order's compensation will find payment down.
    /// </summary>
    private static async Task<string> HoldAtShippingWithPaymentDownAsync(OrderSagaHarness saga, string json)
    {
        saga.Shipping.SetFaults(Down);
        var id = await saga.PlaceAcceptedAsync(json);
        await WaitForAsync(saga, id, order => Attempts(order, "CreateShipment", "Step") >= 1, "tried to ship");
        Assert.Single((await OrderSagaHarness.LedgerAsync(saga.Payment)).GetProperty("charges").EnumerateArray());
        saga.Payment.SetFaults(Down);
        saga.Shipping.SetFaults(ParticipantFaults.None);
        return id;
    }

    private static async Task<JsonElement> WaitForAsync(OrderSagaHarness saga, string id, Func<JsonElement, bool> condition, string what)
    {
        JsonElement order = default;
        await Eventually.TrueAsync(
            async () => condition(order = await saga.GetOrderAsync(id)),
            TimeSpan.FromSeconds(60),
            () => $"Order {id} never {what}; last seen: {order}");
        return order;
    }

    private static IEnumerable<JsonElement> Entries(JsonElement order, string name, string kind) =>
        order.GetProperty("history").EnumerateArray()
            .Where(step => step.GetProperty("name").GetString() == name && step.GetProperty("kind").GetString() == kind);

    private static JsonElement Entry(JsonElement order, string name, string kind) => Assert.Single(Entries(order, name, kind));

    private static int Attempts(JsonElement order, string name, string kind) =>
        Entries(order, name, kind).Select(static step => step.GetProperty("attempts").GetInt32()).LastOrDefault();

    private static string? Outcome(JsonElement order, string name, string kind) =>
        Entries(order, name, kind).Select(static step => step.GetProperty("outcome").GetString()).LastOrDefault();

    private static JsonElement[] OfOrder(JsonElement items, string orderId) =>
        [.. items.EnumerateArray().Where(item => item.GetProperty("orderId").GetString() == orderId)];

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    /// <summary>The order's one charge was refunded, by exactly one refund of the whole amount.</summary>
    private static async Task AssertRefundedOnceAsync(OrderSagaHarness saga, string id)
    {
        var payment = await OrderSagaHarness.LedgerAsync(saga.Payment);
        var charge = Assert.Single(OfOrder(payment.GetProperty("charges"), id));
        Assert.Equal("refunded", charge.GetProperty("status").GetString());
        var refund = Assert.Single(OfOrder(payment.GetProperty("refunds"), id));
        Assert.Equal(charge.GetProperty("chargeId").GetString(), refund.GetProperty("chargeId").GetString());
        Assert.Equal(charge.GetProperty("amount").GetDecimal(), refund.GetProperty("amount").GetDecimal());
    }

    /// <summary>Every reservation of the order was released and the stock is back where the harness started it.</summary>
    private static async Task AssertStockRestoredAsync(OrderSagaHarness saga, string id)
    {
        var inventory = await OrderSagaHarness.LedgerAsync(saga.Inventory);
        var reservations = OfOrder(inventory.GetProperty("reservations"), id);
        Assert.NotEmpty(reservations);
        Assert.All(reservations, reservation => Assert.Equal("released", reservation.GetProperty("status").GetString()));
        foreach (var (sku, initial) in OrderSagaHarness.DefaultInventory.InitialStock)
        {
            Assert.Equal(initial, inventory.GetProperty("stock").GetProperty(sku).GetInt32());
        }
    }

}
