using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Events;

/// <summary>
/// Reads an event body defensively: whatever arrives on a queue may be hand-made, truncated or hostile, and a consumer
/// must answer with what was wrong rather than fail obscurely.
/// </summary>
public static class CloudEventReader
{
    /// <summary>Ids and subjects become Table Storage keys (at most 1 KiB), so they are bounded well below that.</summary>
    public const int MaxAttributeLength = 256;

    /// <summary>
    /// Reads the event a trigger delivered (its text, or the object a double-encoded string held), throwing
    /// <see cref="FunctionInputException"/> with the reason when it is not one.
    /// </summary>
    public static (CloudEvent Event, string Text) ReadTrigger(FunctionInvocation invocation, string binding)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var body = invocation.Data.GetRequired(binding);
        var text = body.ValueKind == JsonValueKind.String ? body.GetString()! : body.GetRawText();
        return TryRead(text, out var cloudEvent, out var error) ? (cloudEvent!, text) : throw new FunctionInputException(error!);
    }

    public static bool TryRead(string json, out CloudEvent? cloudEvent, out string? error)
    {
        cloudEvent = null;
        try
        {
            cloudEvent = JsonSerializer.Deserialize<CloudEvent>(json);
        }
        catch (JsonException ex)
        {
            error = $"The event is not a CloudEvents JSON document: {ex.Message}";
            return false;
        }

        error = cloudEvent switch
        {
            null => "The event is empty.",
            { SpecVersion: not CloudEvent.SpecVersionValue } => $"specversion '{cloudEvent.SpecVersion}' is not supported; expected 1.0.",
            { Id.Length: 0 } or { Source.Length: 0 } or { Type.Length: 0 } or { Subject.Length: 0 } => "id, source, type and subject must not be empty.",
            { Id.Length: > MaxAttributeLength } or { Type.Length: > MaxAttributeLength } or { Subject.Length: > MaxAttributeLength } or { Source.Length: > MaxAttributeLength }
                => $"id, source, type and subject may be at most {MaxAttributeLength} characters.",
            { Sequence: < 1 } => "sequence must be a positive number.",
            _ => null,
        };
        return error is null;
    }
}
