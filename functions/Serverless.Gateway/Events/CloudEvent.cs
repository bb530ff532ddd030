using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Gateway.Events;

/// <summary>
/// An event in the CloudEvents 1.0 JSON format. An output binding can set only a message body, so the body carries
/// everything a consumer needs: identity for de-duplication, a per-subject <see cref="Sequence"/> for ordering, and
/// the W3C trace context (the CloudEvents distributed tracing extension) to continue the producer's trace.
/// </summary>
public sealed record CloudEvent
{
    public const string SpecVersionValue = "1.0";
    public const string JsonContentType = "application/json";

    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = SpecVersionValue;

    /// <summary>Unique per event; consumers de-duplicate by it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Who produced it, a URI reference such as <c>/serverless-gateway/orders</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>Reverse-DNS event type, e.g. <c>serverless.orders.placed</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>What the event is about, e.g. the order id; <see cref="Sequence"/> counts per subject.</summary>
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>Increases by one per event of the same <see cref="Subject"/>, so consumers can order events and drop stale ones.</summary>
    [JsonPropertyName("sequence")]
    public required long Sequence { get; init; }

    [JsonPropertyName("datacontenttype")]
    public string DataContentType { get; init; } = JsonContentType;

    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    [JsonPropertyName("tracestate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceState { get; init; }

    [JsonPropertyName("data")]
    public required JsonElement Data { get; init; }
}
