using System.Net;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

[Trait("Category", "Integration")]
public sealed class PaymentServiceTests : ParticipantTestHost
{
    private const string ChargeBody = """{"orderId":"o-1","amount":42.50,"currency":"EUR","customerId":"c-1"}""";

    protected override async Task<ParticipantService> StartServiceAsync(TimeProvider time, CancellationToken cancellationToken) =>
        await PaymentService.StartAsync(
            new PaymentOptions { DeclinedCustomerIds = ["c-blocked"], DeclineAmountsAbove = 1000m, TimeProvider = time }, 0, cancellationToken);

    [Fact]
    public async Task Charging_answers_201_with_a_charge_id_and_records_the_charge()
    {
        var reply = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var chargeId = reply.Json.GetProperty("chargeId").GetString();
        var charge = Assert.Single((await Client.LedgerAsync(Token)).GetProperty("charges").EnumerateArray());
        Assert.Equal(chargeId, charge.GetProperty("chargeId").GetString());
        Assert.Equal("o-1", charge.GetProperty("orderId").GetString());
        Assert.Equal(42.50m, charge.GetProperty("amount").GetDecimal());
    }

    [Theory]
    [InlineData("""{"orderId":"o-1","amount":10,"currency":"EUR","customerId":"c-blocked"}""", "customer_blocked")]
    [InlineData("""{"orderId":"o-1","amount":1000.01,"currency":"EUR","customerId":"c-1"}""", "amount_over_limit")]
    public async Task A_charge_the_decline_rules_match_is_refused_402_card_declined_and_takes_no_money(string body, string reason)
    {
        var reply = await Client.PostAsync("/charges", body, "k-1", Token);

        reply.AssertProblem(HttpStatusCode.PaymentRequired, "card_declined");
        Assert.Equal(reason, reply.Json.GetProperty("declineReason").GetString());
        var ledger = await Client.LedgerAsync(Token);
        Assert.Empty(ledger.GetProperty("charges").EnumerateArray());
        Assert.Single(ledger.GetProperty("declines").EnumerateArray());
    }

    [Fact]
    public async Task Replaying_a_charge_with_the_same_key_returns_the_original_response_and_charges_once()
    {
        var first = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);
        var replay = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.True(replay.Replayed);
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("charges").EnumerateArray());
    }

    [Fact]
    public async Task Reusing_a_key_with_a_different_amount_is_refused_422_and_has_no_effect()
    {
        await Client.PostAsync("/charges", ChargeBody, "k-1", Token);
        var reused = await Client.PostAsync("/charges", """{"orderId":"o-1","amount":99,"currency":"EUR","customerId":"c-1"}""", "k-1", Token);

        reused.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("charges").EnumerateArray());
    }

    [Fact]
    public async Task A_charge_or_a_refund_without_an_idempotency_key_is_refused_400()
    {
        var charge = await Client.PostAsync("/charges", ChargeBody, null, Token);
        var refund = await Client.PostAsync("/charges/ch_000001/refunds", null, null, Token);

        charge.AssertProblem(HttpStatusCode.BadRequest, "idempotency_key_missing");
        refund.AssertProblem(HttpStatusCode.BadRequest, "idempotency_key_missing");
        Assert.Empty((await Client.LedgerAsync(Token)).GetProperty("charges").EnumerateArray());
    }

    [Fact]
    public async Task A_malformed_body_is_refused_400()
    {
        var reply = await Client.PostAsync("/charges", "{not json", "k-1", Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Refunding_twice_under_the_same_key_or_a_new_one_refunds_the_charge_once()
    {
        var chargeId = (await Client.PostAsync("/charges", ChargeBody, "k-1", Token)).Json.GetProperty("chargeId").GetString();

        var first = await Client.PostAsync($"/charges/{chargeId}/refunds", null, "r-1", Token);
        var replay = await Client.PostAsync($"/charges/{chargeId}/refunds", null, "r-1", Token);
        var freshKey = await Client.PostAsync($"/charges/{chargeId}/refunds", null, "r-2", Token);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.True(replay.Replayed);
        Assert.Equal(HttpStatusCode.Created, freshKey.Status);
        Assert.Equal(first.Json.GetProperty("refundId").GetString(), freshKey.Json.GetProperty("refundId").GetString());
        var ledger = await Client.LedgerAsync(Token);
        var refund = Assert.Single(ledger.GetProperty("refunds").EnumerateArray());
        Assert.Equal(42.50m, refund.GetProperty("amount").GetDecimal());
        Assert.Equal("refunded", Assert.Single(ledger.GetProperty("charges").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Refunding_a_charge_that_does_not_exist_is_404()
    {
        var reply = await Client.PostAsync("/charges/ch_999999/refunds", null, "r-1", Token);

        reply.AssertProblem(HttpStatusCode.NotFound, "charge_not_found");
    }

    [Fact]
    public async Task A_transient_503_has_no_effect_and_a_retry_with_the_same_key_charges_once()
    {
        await Client.SetFaultsAsync("""{"transient503Rate":1}""", Token);
        var failed = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);
        await Client.SetFaultsAsync("""{"transient503Rate":0}""", Token);
        var retried = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);

        failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("charges").EnumerateArray());
    }

    [Fact]
    public async Task During_a_down_window_charges_are_refused_503_and_succeed_once_it_has_passed()
    {
        await Client.SetFaultsAsync("""{"downForSeconds":3}""", Token);
        var down = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);
        Time.Advance(TimeSpan.FromSeconds(3));
        var up = await Client.PostAsync("/charges", ChargeBody, "k-1", Token);

        down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        Assert.Equal(HttpStatusCode.Created, up.Status);
    }
}
