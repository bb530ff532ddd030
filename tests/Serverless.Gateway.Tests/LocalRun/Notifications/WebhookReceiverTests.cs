using System.Net;
using System.Text;
using Serverless.Samples.Notifications;
using Serverless.Samples.Participants;
using Serverless.Gateway.Tests.LocalRun.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Notifications;

[Trait("Category", "Integration")]
public sealed class WebhookReceiverTests : ParticipantTestHost
{
    private const string Event = """{"specversion":"1.0","id":"o-1-1","source":"/serverless-gateway/orders","type":"serverless.orders.placed","subject":"o-1","sequence":1,"time":"2026-11-23T12:00:00Z","data":{}}""";

    private WebhookReceiver? _receiver;

    protected override async Task<ParticipantService> StartServiceAsync(TimeProvider time, CancellationToken cancellationToken) =>
        _receiver = await WebhookReceiver.StartAsync(new WebhookReceiverOptions { TimeProvider = time }, 0, cancellationToken);

    [Fact]
    public async Task A_notification_is_answered_200_and_recorded_in_the_ledger()
    {
        var reply = await PostAsync(Event, "application/cloudevents+json", "o-1-1");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(reply.Json.GetProperty("duplicate").GetBoolean());
        Assert.False(reply.Replayed);
        var notification = Assert.Single((await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray());
        Assert.Equal("o-1-1", notification.GetProperty("eventId").GetString());
        Assert.Equal("serverless.orders.placed", notification.GetProperty("type").GetString());
        Assert.Equal("o-1", notification.GetProperty("subject").GetString());
        Assert.Equal(1, notification.GetProperty("sequence").GetInt64());
        Assert.Equal("o-1-1", notification.GetProperty("idempotencyKey").GetString());
        Assert.Equal("application/cloudevents+json", notification.GetProperty("contentType").GetString());
        Assert.Equal(Time.GetUtcNow(), notification.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.False(notification.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_is_answered_200_and_recorded_as_a_duplicate()
    {
        await PostAsync(Event, "application/cloudevents+json", "o-1-1");
        var repeat = await PostAsync(Event, "application/cloudevents+json", "o-1-1");
        var other = await PostAsync(Event.Replace("o-1-1", "o-1-2", StringComparison.Ordinal), "application/cloudevents+json", "o-1-2");

        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.True(repeat.Json.GetProperty("duplicate").GetBoolean());
        Assert.True(repeat.Replayed);
        Assert.False(other.Json.GetProperty("duplicate").GetBoolean());
        var ledger = (await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray().ToList();
        Assert.Equal([false, true, false], ledger.Select(static n => n.GetProperty("duplicate").GetBoolean()));
    }

    [Fact]
    public async Task A_notification_without_an_idempotency_key_is_refused_400_and_not_recorded()
    {
        var reply = await PostAsync(Event, "application/cloudevents+json", null);

        reply.AssertProblem(HttpStatusCode.BadRequest, "idempotency_key_missing");
        Assert.Empty((await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"id":"o-1-1","type":"serverless.orders.placed"}""")]
    [InlineData("""{"id":1,"type":"serverless.orders.placed","subject":"o-1"}""")]
    public async Task A_body_that_is_not_a_cloud_event_is_refused_400_and_not_recorded(string body)
    {
        var reply = await PostAsync(body, "application/cloudevents+json", "k-1");

        reply.AssertProblem(HttpStatusCode.BadRequest, "invalid_event");
        Assert.Empty((await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_its_media_type_is_refused_415()
    {
        var reply = await PostAsync(Event, "text/plain", "o-1-1");

        reply.AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task A_plain_json_event_from_curl_is_accepted_too()
    {
        var reply = await Client.PostAsync("/hooks/orders", Event, "o-1-1", Token);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", Assert.Single((await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray()).GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task While_down_it_answers_503_and_records_nothing_and_afterwards_it_records_again()
    {
        await Client.SetFaultsAsync("""{"downForSeconds":60}""", Token);

        var down = await PostAsync(Event, "application/cloudevents+json", "o-1-1");
        Time.Advance(TimeSpan.FromSeconds(61));
        var up = await PostAsync(Event, "application/cloudevents+json", "o-1-1");

        down.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.False(up.Json.GetProperty("duplicate").GetBoolean());
        Assert.Single((await Client.LedgerAsync(Token)).GetProperty("notifications").EnumerateArray());
    }

    /// <summary>Posts with any media type; the participant client always sends application/json.</summary>
    private async Task<ParticipantReply> PostAsync(string body, string contentType, string? idempotencyKey)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_receiver!.Address, "/hooks/orders"))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, Token);
        return new ParticipantReply(response.StatusCode, await response.Content.ReadAsStringAsync(Token), response.Content.Headers.ContentType?.MediaType,
            response.Headers.Contains("Idempotent-Replayed"));
    }
}
