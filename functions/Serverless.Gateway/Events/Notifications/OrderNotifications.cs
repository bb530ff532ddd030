using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Forwarding;
using Yarp.ReverseProxy;

namespace Serverless.Gateway.Events.Notifications;

/// <summary>
/// Posts placed, completed and cancelled orders to a webhook: the CloudEvent itself in structured mode
/// (<c>application/cloudevents+json</c>), through <see cref="BackendClient"/>, so the receiver gets the gateway's
/// destinations, attempt timeout, retries and circuit breaker. <c>Idempotency-Key</c> is the event id: the pipeline
/// skips events it has recorded as processed, but a crash between the call and that record repeats the call, and the
/// key lets the receiver drop the repeat (it also makes the POST safe for <see cref="BackendClient"/> to retry).
/// <para>
/// Events it does not notify (<c>needs_attention</c>, which is for operators, and unknown types) are acknowledged as
/// <see cref="EventOutcome.Delivered"/> without a call, as are all events while notifications are disabled or the
/// backend is not configured (see <see cref="NotificationOptions"/>): the consumer did all it should with them.
/// <see cref="EventOutcome.Stale"/> is kept for its meaning, an out-of-order event, so that its count stays a signal.
/// Events are posted in the order they arrive, stale or not: the <c>sequence</c> in the body lets the receiver order them.
/// </para>
/// <para>
/// Any answer but 2xx throws, so the message is delivered again and finally dead-lettered. That includes a 4xx other
/// than 408 and 429, which retrying will not fix: dropping the event instead would lose the notification without
/// trace, while a dead-lettered message waits for the receiver or the configuration to be fixed and then a replay.
/// A custom handler cannot dead-letter a message directly, so such an event uses up its remaining deliveries first.
/// </para>
/// </summary>
public sealed class OrderNotifications(
    BackendClient backends,
    IProxyStateLookup proxyState,
    IOptionsMonitor<NotificationOptions> options,
    ILogger<OrderNotifications> logger) : IEventConsumer
{
    public const string Subscription = "notifications";

    /// <summary>The CloudEvents HTTP binding's structured-mode media type.</summary>
    public const string ContentType = "application/cloudevents+json";

    public string Name => Subscription;

    /// <summary>Whether an event of this type is posted to the webhook.</summary>
    public static bool IsNotified(string type) => type is OrderEventTypes.Placed or OrderEventTypes.Completed or OrderEventTypes.Cancelled;

    public async ValueTask<EventOutcome> ConsumeAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var settings = options.CurrentValue;
        if (!IsNotified(cloudEvent.Type))
        {
            logger.NotNotified(cloudEvent.Id, cloudEvent.Type);
            return EventOutcome.Delivered;
        }

        if (!settings.Enabled)
        {
            logger.Disabled(cloudEvent.Id);
            return EventOutcome.Delivered;
        }

        // The same lookup BackendClient makes, so "not configured" here and there cannot disagree.
        if (!proxyState.TryGetCluster(settings.Backend, out _))
        {
            logger.BackendNotConfigured(cloudEvent.Id, settings.Backend);
            return EventOutcome.Delivered;
        }

        // Serialised once: every attempt of BackendClient's retries sends the same bytes.
        var body = JsonSerializer.SerializeToUtf8Bytes(cloudEvent);
        using var response = await backends.SendAsync(settings.Backend, baseAddress => CreateRequest(baseAddress, settings.Path, cloudEvent.Id, body), cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            logger.Notified(cloudEvent.Id, cloudEvent.Type, settings.Backend, status);
            return EventOutcome.Delivered;
        }

        var permanent = IsPermanent(response.StatusCode);
        if (permanent)
        {
            logger.Refused(settings.Backend, cloudEvent.Id, status);
        }

        throw new WebhookDeliveryException(settings.Backend, status, permanent);
    }

    /// <summary>A 4xx (or a redirect, which is not followed) says the request is wrong, except 408 and 429, which say "later".</summary>
    public static bool IsPermanent(HttpStatusCode status) =>
        (int)status < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private static HttpRequestMessage CreateRequest(Uri baseAddress, string path, string eventId, byte[] body)
    {
        // Relative to the destination's address, so a destination with a base path keeps it.
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation(IdempotentMethods.IdempotencyKeyHeader, eventId);

        // A ByteArrayContent is what BackendClient's retry policy may send again.
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType) { CharSet = "utf-8" };
        return request;
    }
}
