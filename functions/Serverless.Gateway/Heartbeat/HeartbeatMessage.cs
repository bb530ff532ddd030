using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Heartbeat;

/// <summary>One heartbeat, as the queue message body <c>{ "id", "time", "source" }</c>; the id is the table row key.</summary>
public sealed record HeartbeatMessage(string Id, DateTimeOffset Time, string Source)
{
    // Row keys may hold up to 1 KiB, but no real id needs more than this, and a bound keeps bad input out of storage.
    private const int MaxIdLength = 128;

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);

    /// <summary>Reads a message body, throwing <see cref="FunctionInputException"/> with the reason when it is malformed.</summary>
    public static HeartbeatMessage Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FunctionInputException($"A heartbeat message must be a JSON object, but was {body.ValueKind}.");
        }

        var values = new InvocationValues(body);
        var id = values.GetString("id");
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(static c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new FunctionInputException(
                $"A heartbeat message needs an 'id' of 1 to {MaxIdLength} characters without control characters, '/', '\\', '#' or '?'.");
        }

        var time = values.GetDateTimeOffset("time")
            ?? throw new FunctionInputException("A heartbeat message needs a 'time' in ISO 8601 format.");
        var source = values.GetString("source");
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new FunctionInputException("A heartbeat message needs a 'source'.");
        }

        return new HeartbeatMessage(id, time, source);
    }
}
