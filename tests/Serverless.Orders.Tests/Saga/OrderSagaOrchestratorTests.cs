using Microsoft.DurableTask.Client;
using Serverless.Samples.Participants;
using Serverless.Orders.Events;
using Serverless.Orders.Model;
using Serverless.Orders.Participants;
using Serverless.Orders.Saga;
using Serverless.Orders.Tests.Infrastructure;

namespace Serverless.Orders.Tests.Saga;

/// <summary>
/// Every path of the saga's orchestration, on the Durable Task SDK in process against the real demo participants. A
/// participant that must fail at a particular moment is taken down before the saga gets there and brought back once the
/// orchestration's status shows the saga waiting on it, so no test depends on how fast anything runs.
/// </summary>
public sealed class OrderSagaOrchestratorTests
{
    private static readonly ParticipantFaults Down = new() { DownForSeconds = 3600 };

    [Fact]
    public async Task An_order_reserves_charges_and_ships_then_completes_and_publishes_placed_then_completed()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);

        var id = await saga.StartSagaAsync(SagaHost.Order());

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Completed);
        Assert.Equal(["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Succeeded"], SagaHost.History(state));
        Assert.All(state.History, static record => Assert.NotNull(record.Reference));
        // The saga publishes Completed before its orchestration returns: wait for the runtime's own status to follow.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instance = await saga.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(OrderStatus.Completed, instance.ReadOutputAs<OrderStatus>());
        Assert.Equal([(OrderEvent.Placed, 1L, OrderStatus.Pending), (OrderEvent.Completed, 2L, OrderStatus.Completed)],
            saga.Events.Of(id).Select(static e => (e.Type, e.Sequence, e.Status)));
        Assert.Equal($"{id}-2", saga.Events.Of(id)[1].Id);
    }

    [Fact]
    public async Task An_order_for_more_than_is_in_stock_is_rejected_at_reservation_and_ends_cancelled_without_a_charge()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);

        var id = await saga.StartSagaAsync(SagaHost.Order(sku: "rare-book", quantity: 2));

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal("out_of_stock", state.Reason);
        Assert.Equal(["ReserveInventory:Step:Rejected"], SagaHost.History(state));
        Assert.Empty((await ParticipantServices.LedgerAsync(participants.Payment)).GetProperty("charges").EnumerateArray());
        Assert.Equal([OrderEvent.Placed, OrderEvent.Cancelled], saga.Events.Of(id).Select(static e => e.Type));
        Assert.Equal("out_of_stock", saga.Events.Of(id)[1].Reason);
    }

    [Fact]
    public async Task An_order_whose_card_is_declined_releases_its_reservation_and_ends_cancelled()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);

        var id = await saga.StartSagaAsync(SagaHost.Order(customerId: "cust-declined", sku: "pear", quantity: 3));

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal("card_declined", state.Reason);
        Assert.Equal(["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Rejected", "ReleaseInventory:Compensation:Succeeded"], SagaHost.History(state));
        var inventory = await ParticipantServices.LedgerAsync(participants.Inventory);
        Assert.Equal(1000, inventory.GetProperty("stock").GetProperty("pear").GetInt32());
        Assert.Equal("released", Assert.Single(inventory.GetProperty("reservations").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_order_to_an_address_that_cannot_be_served_refunds_then_releases_in_reverse_order()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);

        var id = await saga.StartSagaAsync(SagaHost.Order(country: "AQ"));

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected",
             "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded"],
            SagaHost.History(state));
        var payment = await ParticipantServices.LedgerAsync(participants.Payment);
        Assert.Single(payment.GetProperty("charges").EnumerateArray());
        Assert.Single(payment.GetProperty("refunds").EnumerateArray());
    }

    [Fact]
    public async Task Transient_payment_failures_are_absorbed_by_durable_retries_and_the_order_completes_with_one_charge()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);
        participants.Payment.SetFaults(Down);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        // An attempt is counted (and published) as it starts: once the fourth has started, the first three have failed.
        await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.ChargePayment, Attempts: >= 4 }, "retried its charge");
        participants.Payment.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Completed);
        var charge = state.History.Single(static r => r.Name == SagaStep.ChargePayment);
        Assert.True(charge.Attempts >= 4, $"The charge took {charge.Attempts} attempts.");
        Assert.Single((await ParticipantServices.LedgerAsync(participants.Payment)).GetProperty("charges").EnumerateArray());
    }

    [Fact]
    public async Task A_step_that_outlasts_its_timeout_is_compensated_after_its_outcome_is_learnt_once_the_participant_is_back()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants, null, "Orders:StepTimeout=00:00:01");
        participants.Shipping.SetFaults(Down);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        var waiting = await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.CancelShipment, Attempts: >= 2 }, "kept trying to cancel the shipment");
        Assert.Equal("step_timeout", waiting.Reason);
        Assert.Equal(StepOutcome.TimedOut, waiting.History.Single(static r => r.Name == SagaStep.CreateShipment).Outcome);
        participants.Shipping.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:TimedOut",
             "CancelShipment:Compensation:Succeeded", "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded"],
            SagaHost.History(state));
        var shipment = Assert.Single((await ParticipantServices.LedgerAsync(participants.Shipping)).GetProperty("shipments").EnumerateArray());
        Assert.Equal("cancelled", shipment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_saga_that_outlasts_its_deadline_interrupts_its_step_and_compensates()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants, null, "Orders:SagaTimeout=00:00:01");
        participants.Payment.SetFaults(Down);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        var compensating = await saga.WaitForAsync(id, static s => s.Status == OrderStatus.Compensating, "started compensating");
        Assert.Equal("saga_timeout", compensating.Reason);
        Assert.Equal(StepOutcome.Interrupted, compensating.History.Single(static r => r.Name == SagaStep.ChargePayment).Outcome);
        participants.Payment.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Contains("ReleaseInventory:Compensation:Succeeded", SagaHost.History(state));
        Assert.Equal(1000, (await ParticipantServices.LedgerAsync(participants.Inventory)).GetProperty("stock").GetProperty("apple").GetInt32());
    }

    [Fact]
    public async Task An_order_cancelled_before_its_first_step_ends_cancelled_without_calling_any_service()
    {
        await using var participants = await ParticipantServices.StartAsync();
        var events = new RecordingEventSender(open: false);
        await using var saga = await SagaHost.StartAsync(participants, events);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        await Eventually.ReturnsAsync(async () => (await saga.Client.GetInstanceAsync(id))?.RuntimeStatus, static s => s == OrchestrationRuntimeStatus.Running,
            TimeSpan.FromSeconds(30), static s => $"The saga did not start running; last status {s}.");
        await saga.Client.RaiseEventAsync(id, SagaEvents.Cancel, "test");
        events.Gate.SetResult();

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal("cancelled", state.Reason);
        Assert.True(state.CancelRequested);
        Assert.Empty(state.History);
        Assert.Empty((await ParticipantServices.LedgerAsync(participants.Inventory)).GetProperty("reservations").EnumerateArray());
    }

    [Fact]
    public async Task An_order_cancelled_while_its_charge_is_being_retried_undoes_its_reservation_and_the_charge_if_it_was_made()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);
        participants.Payment.SetFaults(Down);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.ChargePayment, Attempts: >= 2 }, "retried its charge");
        await saga.Client.RaiseEventAsync(id, SagaEvents.Cancel, "test");
        await saga.WaitForAsync(id, static s => s.Status == OrderStatus.Compensating, "started compensating");
        participants.Payment.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal("cancelled", state.Reason);
        Assert.Equal(StepOutcome.Interrupted, state.History.Single(static r => r.Name == SagaStep.ChargePayment).Outcome);
        Assert.Contains("ReleaseInventory:Compensation:Succeeded", SagaHost.History(state));
        var payment = await ParticipantServices.LedgerAsync(participants.Payment);
        Assert.Equal(payment.GetProperty("charges").GetArrayLength(), payment.GetProperty("refunds").GetArrayLength());
    }

    [Fact]
    public async Task A_cancel_that_arrives_after_shipping_began_is_ignored_and_the_order_completes()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);
        participants.Shipping.SetFaults(Down);

        var id = await saga.StartSagaAsync(SagaHost.Order());
        await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.CreateShipment, Attempts: >= 2 }, "retried its shipment");
        await saga.Client.RaiseEventAsync(id, SagaEvents.Cancel, "test");
        participants.Shipping.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Completed);
        Assert.False(state.CancelRequested);
        Assert.Null(state.Reason);
    }

    [Fact]
    public async Task A_refund_that_fails_while_payment_is_down_is_retried_until_it_succeeds()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants);

        var id = await RejectShipmentWhilePaymentIsDownAsync(participants, saga);
        await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.RefundPayment, Attempts: >= 3 }, "retried its refund");
        participants.Payment.SetFaults(ParticipantFaults.None);

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal(StepOutcome.Succeeded, state.History.Single(static r => r.Name == SagaStep.RefundPayment).Outcome);
        Assert.Single((await ParticipantServices.LedgerAsync(participants.Payment)).GetProperty("refunds").EnumerateArray());
    }

    [Fact]
    public async Task A_refund_that_keeps_failing_parks_the_order_in_needs_attention_until_an_operator_retries_it()
    {
        await using var participants = await ParticipantServices.StartAsync();
        await using var saga = await SagaHost.StartAsync(participants, null, "Orders:MaxCompensationAttempts=3");

        var id = await RejectShipmentWhilePaymentIsDownAsync(participants, saga);

        var parked = await saga.WaitForStatusAsync(id, OrderStatus.NeedsAttention);
        var refund = parked.History.Single(static r => r.Name == SagaStep.RefundPayment);
        Assert.Equal((StepOutcome.Failed, 3), (refund.Outcome, refund.Attempts));
        Assert.Contains(saga.Events.Of(id), static e => e.Type == OrderEvent.NeedsAttention);

        participants.Payment.SetFaults(ParticipantFaults.None);
        await saga.Client.RaiseEventAsync(id, SagaEvents.Retry, "operator");

        var state = await saga.WaitForStatusAsync(id, OrderStatus.Cancelled);
        Assert.Equal(
            ["ReserveInventory:Step:Succeeded", "ChargePayment:Step:Succeeded", "CreateShipment:Step:Rejected",
             "RefundPayment:Compensation:Succeeded", "ReleaseInventory:Compensation:Succeeded"],
            SagaHost.History(state));
        Assert.Equal([OrderEvent.Placed, OrderEvent.NeedsAttention, OrderEvent.Cancelled], saga.Events.Of(id).Select(static e => e.Type));
    }

    /// <summary>
    /// Places an order to a country shipping refuses, holding shipping down until the charge is made and then taking
    /// payment down, so the refund that follows the refusal meets a payment service that is down.
    /// </summary>
    private static async Task<string> RejectShipmentWhilePaymentIsDownAsync(ParticipantServices participants, SagaHost saga)
    {
        participants.Shipping.SetFaults(Down);
        var id = await saga.StartSagaAsync(SagaHost.Order(country: "AQ"));
        await saga.WaitForAsync(id, static s => s.Current is { Name: SagaStep.CreateShipment, Attempts: >= 1 }, "started its shipment");
        participants.Payment.SetFaults(Down);
        participants.Shipping.SetFaults(ParticipantFaults.None);
        return id;
    }
}
