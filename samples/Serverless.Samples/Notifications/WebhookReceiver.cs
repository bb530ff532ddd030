using System.Text.Json;
using Serverless.Samples.Participants;

namespace Serverless.Samples.Notifications;

/// <summary>
/// The demo receiver of the gateway's order notifications: <c>POST /hooks/orders</c> accepts a CloudEvent in
/// structured mode and records the delivery in its ledger. A repeated <c>Idempotency-Key</c> is what a real receiver
/// must expect (the gateway repeats a call after a crash between the call and its processed-event record): it is
/// answered 200 like the first, marked <c>Idempotent-Replayed</c>, and recorded with <c>duplicate: true</c> so a test
/// (or a person) can see it was not acted on twice. Faults and <c>/_ledger</c> work as for the saga participants.
/// </summary>
public sealed class WebhookReceiver : ParticipantService
{
    private const string StructuredMediaType = "application/cloudevents+json";

    private readonly List<ReceivedNotification> _received = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _path;

    private WebhookReceiver(WebhookReceiverOptions options)
        : base(options)
    {
        _time = options.TimeProvider;
        _path = options.Path;
    }

    /// <summary>Starts the receiver on 127.0.0.1 at <paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<WebhookReceiver> StartAsync(WebhookReceiverOptions options, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var receiver = new WebhookReceiver(options);
        await receiver.StartHostAsync(port, cancellationToken);
        return receiver;
    }

    private protected override void MapBusinessEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(_path, (Delegate)ReceiveAsync);

    private protected override object LedgerSnapshot() => new { notifications = _received.ToArray() };

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        // Structured mode, or plain JSON from a hand-made curl; anything else is not a CloudEvent this receiver reads.
        var mediaType = context.Request.GetTypedHeaders().ContentType?.MediaType.Value;
        if (!string.Equals(mediaType, StructuredMediaType, StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", $"Send the event as {StructuredMediaType}.");
        }

        var key = context.Request.Headers[IdempotentRequests.HeaderName].ToString();
        if (key.Length == 0)
        {
            return Problem(context, StatusCodes.Status400BadRequest, "idempotency_key_missing", $"The {IdempotentRequests.HeaderName} header is required.");
        }

        var (eventId, type, subject, sequence) = await ReadEventAsync(context);
        if (eventId is null || type is null || subject is null)
        {
            return Problem(context, StatusCodes.Status400BadRequest, "invalid_event", "The body is not a CloudEvent with an id, a type and a subject.");
        }

        bool duplicate;
        lock (Gate)
        {
            duplicate = !_keys.Add(key);
            _received.Add(new ReceivedNotification(eventId, type, subject, sequence, _time.GetUtcNow(), key, duplicate, mediaType!));
        }

        if (duplicate)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return Results.Json(new { received = true, duplicate }, ParticipantJson.Options);
    }

    private static async Task<(string? Id, string? Type, string? Subject, long? Sequence)> ReadEventAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? default
                : (Text(root, "id"), Text(root, "type"), Text(root, "subject"),
                    root.TryGetProperty("sequence", out var sequence) && sequence.ValueKind == JsonValueKind.Number && sequence.TryGetInt64(out var number) ? number : null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static IResult Problem(HttpContext context, int status, string code, string title) =>
        ParticipantResponse.Problem(status, code, title).ToResult(context.Response, replayed: false);
}
