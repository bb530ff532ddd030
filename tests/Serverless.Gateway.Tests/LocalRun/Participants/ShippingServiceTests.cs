using System.Net;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

[Trait("Category", "Integration")]
public sealed class ShippingServiceTests : ParticipantTestHost
{
    private const string ShipmentBody = """{"orderId":"o-1","address":{"country":"NL","city":"Utrecht","postalCode":"3511","line1":"Oudegracht 1"}}""";

    protected override async Task<ParticipantService> StartServiceAsync(TimeProvider time, CancellationToken cancellationToken) =>
        await ShippingService.StartAsync(new ShippingOptions { UnserviceableCountries = ["aq"], TimeProvider = time }, 0, cancellationToken);

    [Fact]
    public async Task Booking_a_shipment_answers_201_with_a_shipment_id_and_records_it()
    {
        var reply = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var shipment = Assert.Single((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray());
        Assert.Equal(reply.Json.GetProperty("shipmentId").GetString(), shipment.GetProperty("shipmentId").GetString());
        Assert.Equal("created", shipment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_country_the_carrier_does_not_serve_is_refused_422_address_not_serviceable()
    {
        var reply = await Client.PostAsync("/shipments", """{"orderId":"o-1","address":{"country":"AQ"}}""", "k-1", Token);

        reply.AssertProblem(HttpStatusCode.UnprocessableEntity, "address_not_serviceable");
        Assert.Equal("AQ", reply.Json.GetProperty("country").GetString());
        Assert.Empty((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task Replaying_a_shipment_with_the_same_key_returns_the_original_response_and_books_once()
    {
        var first = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);
        var replay = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);

        Assert.Equal(first.Body, replay.Body);
        Assert.True(replay.Replayed);
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task Reusing_a_key_with_a_different_body_is_refused_422()
    {
        await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);
        var reused = await Client.PostAsync("/shipments", """{"orderId":"o-2","address":{"country":"NL"}}""", "k-1", Token);

        reused.AssertProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task A_shipment_without_an_idempotency_key_is_refused_400()
    {
        var reply = await Client.PostAsync("/shipments", ShipmentBody, null, Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, "idempotency_key_missing");
    }

    [Fact]
    public async Task A_shipment_without_a_country_is_refused_400()
    {
        var reply = await Client.PostAsync("/shipments", """{"orderId":"o-1","address":{}}""", "k-1", Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Cancelling_a_shipment_twice_is_fine_and_leaves_it_cancelled()
    {
        var shipmentId = (await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token)).Json.GetProperty("shipmentId").GetString();

        var first = await Client.DeleteAsync($"/shipments/{shipmentId}", Token);
        var second = await Client.DeleteAsync($"/shipments/{shipmentId}", Token);
        var unknown = await Client.DeleteAsync("/shipments/shp_999999", Token);

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal(HttpStatusCode.NoContent, second.Status);
        unknown.AssertProblem(HttpStatusCode.NotFound, "shipment_not_found");
        Assert.Equal("cancelled", Assert.Single((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_transient_503_has_no_effect_and_a_retry_with_the_same_key_books_once()
    {
        await Client.SetFaultsAsync("""{"transient503Rate":1}""", Token);
        var failed = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);
        await Client.SetFaultsAsync("{}", Token);
        var retried = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);

        failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("shipments").EnumerateArray());
    }

    [Fact]
    public async Task During_a_down_window_bookings_are_refused_503_and_succeed_once_it_has_passed()
    {
        await Client.SetFaultsAsync("""{"downForSeconds":10}""", Token);
        var down = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);
        Time.Advance(TimeSpan.FromSeconds(10));
        var up = await Client.PostAsync("/shipments", ShipmentBody, "k-1", Token);

        down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        Assert.Equal(HttpStatusCode.Created, up.Status);
    }
}
