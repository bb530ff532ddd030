using System.Globalization;
using System.Text.Json;

namespace Serverless.Gateway.Functions;

/// <summary>
/// A JSON object from an invocation payload, read defensively: the host may send a value JSON-encoded a second time
/// (<c>"\"abc\""</c>, <c>"{\"id\":1}"</c>, <c>"1"</c>), so every getter unwraps such strings before converting.
/// Property names match case-insensitively because the host's casing is not part of any contract.
/// </summary>
public sealed class InvocationValues
{
    // A value is never encoded more than twice in practice; the bound stops pathological inputs from looping.
    private const int MaxEncodingDepth = 3;

    private static readonly JsonElement EmptyObject = JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement>());

    public InvocationValues(JsonElement json)
    {
        Json = json.ValueKind == JsonValueKind.Object ? json.Clone() : EmptyObject;
    }

    /// <summary>The object as received, without any unwrapping.</summary>
    public JsonElement Json { get; }

    /// <summary>The value with JSON-in-a-string unwrapped; false when the property is missing or null.</summary>
    public bool TryGetValue(string name, out JsonElement value)
    {
        foreach (var property in Json.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = Unwrap(property.Value);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value of a binding the function cannot run without, such as its trigger; missing is bad input.</summary>
    public JsonElement GetRequired(string name) =>
        TryGetValue(name, out var value) ? value : throw new FunctionInputException($"The invocation has no '{name}' data.");

    /// <summary>A string, or the JSON text of a number, boolean, object or array; null when missing.</summary>
    public string? GetString(string name) =>
        TryGetValue(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public int? GetInt32(string name)
    {
        if (!TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    public bool? GetBoolean(string name) =>
        TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var flag) => flag,
                _ => null,
            }
            : null;

    public DateTimeOffset? GetDateTimeOffset(string name) =>
        GetString(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>
    /// Unwraps strings that hold JSON objects, arrays or strings. Strings that merely look like numbers or booleans
    /// stay strings: a queue message "42" is text, and the typed getters parse it when asked.
    /// </summary>
    public static JsonElement Unwrap(JsonElement value)
    {
        for (var depth = 0; depth < MaxEncodingDepth && value.ValueKind == JsonValueKind.String; depth++)
        {
            var text = value.GetString().AsSpan().Trim();
            if (text.IsEmpty || text[0] is not ('{' or '[' or '"'))
            {
                break;
            }

            try
            {
                using var document = JsonDocument.Parse(text.ToString());
                value = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                break;
            }
        }

        return value;
    }
}
