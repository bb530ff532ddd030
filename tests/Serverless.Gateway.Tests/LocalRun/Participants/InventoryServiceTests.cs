using System.Diagnostics;
using System.Net;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

[Trait("Category", "Integration")]
public sealed class InventoryServiceTests : ParticipantTestHost
{
    private const string Order = """{"orderId":"o-1","lines":[{"sku":"beans","quantity":2},{"sku":"jug","quantity":1}]}""";

    protected override async Task<ParticipantService> StartServiceAsync(TimeProvider time, CancellationToken cancellationToken) =>
        await InventoryService.StartAsync(
            new InventoryOptions { InitialStock = new Dictionary<string, int> { ["beans"] = 10, ["jug"] = 1 }, TimeProvider = time }, 0, cancellationToken);

    [Fact]
    public async Task Reserving_stock_answers_201_with_a_reservation_id_and_takes_the_units_from_the_ledger()
    {
        var reply = await Client.PostAsync("/reservations", Order, "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.StartsWith("res_", reply.Json.GetProperty("reservationId").GetString(), StringComparison.Ordinal);
        var ledger = await Client.LedgerAsync(Token);
        Assert.Equal(8, ledger.GetProperty("stock").GetProperty("beans").GetInt32());
        Assert.Equal(0, ledger.GetProperty("stock").GetProperty("jug").GetInt32());
        Assert.Equal("held", Assert.Single(ledger.GetProperty("reservations").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reserving_more_than_is_in_stock_is_refused_409_out_of_stock_naming_the_sku_and_takes_nothing()
    {
        var reply = await Client.PostAsync("/reservations", """{"orderId":"o-1","lines":[{"sku":"beans","quantity":2},{"sku":"jug","quantity":2}]}""", "k-1", Token);

        reply.AssertProblem(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal("jug", reply.Json.GetProperty("sku").GetString());
        var ledger = await Client.LedgerAsync(Token);
        Assert.Equal(10, ledger.GetProperty("stock").GetProperty("beans").GetInt32());
        Assert.Empty(ledger.GetProperty("reservations").EnumerateArray());
    }

    [Fact]
    public async Task Replaying_a_reservation_with_the_same_key_returns_the_original_response_and_reserves_once()
    {
        var first = await Client.PostAsync("/reservations", Order, "k-1", Token);
        var replay = await Client.PostAsync("/reservations", Order, "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal(first.Body, replay.Body);
        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        var ledger = await Client.LedgerAsync(Token);
        Assert.Single(ledger.GetProperty("reservations").EnumerateArray());
        Assert.Equal(8, ledger.GetProperty("stock").GetProperty("beans").GetInt32());
    }

    [Fact]
    public async Task A_business_rejection_is_replayed_too_even_after_stock_arrives_elsewhere()
    {
        var rejected = await Client.PostAsync("/reservations", """{"orderId":"o-1","lines":[{"sku":"jug","quantity":5}]}""", "k-1", Token);
        var replay = await Client.PostAsync("/reservations", """{"orderId":"o-1","lines":[{"sku":"jug","quantity":5}]}""", "k-1", Token);

        rejected.AssertProblem(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal(rejected.Body, replay.Body);
        Assert.True(replay.Replayed);
    }

    [Fact]
    public async Task Reusing_a_key_with_a_different_body_is_refused_422_and_has_no_effect()
    {
        await Client.PostAsync("/reservations", Order, "k-1", Token);
        var reused = await Client.PostAsync("/reservations", """{"orderId":"o-2","lines":[{"sku":"beans","quantity":1}]}""", "k-1", Token);

        reused.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("reservations").EnumerateArray());
    }

    [Fact]
    public async Task The_same_body_with_its_properties_reordered_still_counts_as_the_same_request()
    {
        var first = await Client.PostAsync("/reservations", Order, "k-1", Token);
        var reordered = await Client.PostAsync("/reservations", """{ "lines":[{"quantity":2,"sku":"beans"},{"quantity":1,"sku":"jug"}], "orderId":"o-1" }""", "k-1", Token);

        Assert.Equal(first.Body, reordered.Body);
        Assert.True(reordered.Replayed);
    }

    [Fact]
    public async Task A_reservation_without_an_idempotency_key_is_refused_400()
    {
        var reply = await Client.PostAsync("/reservations", Order, null, Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, "idempotency_key_missing");
        Assert.Empty((await Client.LedgerAsync(Token)).GetProperty("reservations").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"orderId\":", "malformed_json")]
    [InlineData("{\"orderId\":\"o-1\",\"lines\":[{\"sku\":\"beans\",\"quantity\":\"two\"}]}", "invalid_request")]
    [InlineData("{\"orderId\":\"o-1\",\"lines\":[]}", "invalid_request")]
    public async Task A_malformed_or_invalid_body_is_refused_400_and_the_key_stays_usable(string body, string code)
    {
        var reply = await Client.PostAsync("/reservations", body, "k-1", Token);
        var retry = await Client.PostAsync("/reservations", Order, "k-1", Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, code);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
    }

    [Fact]
    public async Task Releasing_a_reservation_twice_returns_its_stock_once()
    {
        var reservationId = (await Client.PostAsync("/reservations", Order, "k-1", Token)).Json.GetProperty("reservationId").GetString();

        var first = await Client.DeleteAsync($"/reservations/{reservationId}", Token);
        var second = await Client.DeleteAsync($"/reservations/{reservationId}", Token);

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal(HttpStatusCode.NoContent, second.Status);
        var ledger = await Client.LedgerAsync(Token);
        Assert.Equal(10, ledger.GetProperty("stock").GetProperty("beans").GetInt32());
        Assert.Equal(1, ledger.GetProperty("stock").GetProperty("jug").GetInt32());
        Assert.Equal("released", Assert.Single(ledger.GetProperty("reservations").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Releasing_a_reservation_that_does_not_exist_is_404()
    {
        var reply = await Client.DeleteAsync("/reservations/res_999999", Token);

        reply.AssertProblem(HttpStatusCode.NotFound, "reservation_not_found");
    }

    [Fact]
    public async Task A_transient_503_has_no_effect_and_a_retry_with_the_same_key_reserves_once()
    {
        await Client.SetFaultsAsync("""{"transient503Rate":1}""", Token);
        var failed = await Client.PostAsync("/reservations", Order, "k-1", Token);
        await Client.SetFaultsAsync("{}", Token);
        var retried = await Client.PostAsync("/reservations", Order, "k-1", Token);

        failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.False(retried.Replayed);
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("reservations").EnumerateArray());
    }

    [Fact]
    public async Task During_a_down_window_every_call_is_refused_503_and_succeeds_once_it_has_passed()
    {
        await Client.SetFaultsAsync("""{"downForSeconds":5}""", Token);
        var down = await Client.PostAsync("/reservations", Order, "k-1", Token);
        Time.Advance(TimeSpan.FromSeconds(4));
        var stillDown = await Client.DeleteAsync("/reservations/res_000001", Token);
        Time.Advance(TimeSpan.FromSeconds(2));
        var up = await Client.PostAsync("/reservations", Order, "k-1", Token);

        down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        stillDown.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        Assert.Equal(HttpStatusCode.Created, up.Status);
    }

    [Fact]
    public async Task Injected_latency_delays_the_answer()
    {
        await using var service = await InventoryService.StartAsync(
            new InventoryOptions { InitialStock = new Dictionary<string, int> { ["beans"] = 10 }, Faults = new ParticipantFaults { LatencyMs = 200 } }, 0, Token);
        using var client = new ParticipantClient(service.Address);

        var stopwatch = Stopwatch.StartNew();
        var reply = await client.PostAsync("/reservations", """{"orderId":"o-1","lines":[{"sku":"beans","quantity":1}]}""", "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(180), $"Answered after {stopwatch.Elapsed}.");
    }
}
