using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Gateway.Functions;

/// <summary>
/// Writes and reads function.json. Output is indented with '\n' line ends and a final newline, keys camelCase and in a
/// fixed order (<c>bindings</c>; per binding <c>type</c>, <c>direction</c>, <c>name</c>, then its properties as declared),
/// so generating twice gives byte-identical files and a checked-in file can be compared as text.
/// </summary>
public static class FunctionJson
{
    public const string FileName = "function.json";

    // Relaxed escaping keeps characters such as '+' and '&' readable; the files are never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(FunctionDescriptor function)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("bindings");
            foreach (var binding in function.Bindings)
            {
                writer.WriteStartObject();
                writer.WriteString("type", binding.Type);
                writer.WriteString("direction", Direction(binding.Direction));
                writer.WriteString("name", binding.Name);
                foreach (var (key, value) in binding.Properties)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a function.json the way the host does; <paramref name="functionName"/> is its folder name.</summary>
    public static FunctionDescriptor Parse(string functionName, string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("bindings", out var bindings)
            || bindings.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{functionName}/{FileName} has no 'bindings' array.");
        }

        return new FunctionDescriptor(functionName, [.. bindings.EnumerateArray().Select(binding => ParseBinding(functionName, binding))]);
    }

    private static FunctionBinding ParseBinding(string functionName, JsonElement binding)
    {
        if (binding.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{functionName}/{FileName} has a binding that is not an object.");
        }

        string? type = null, direction = null, name = null;
        var properties = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in binding.EnumerateObject())
        {
            switch (property.Name.ToUpperInvariant())
            {
                case "TYPE":
                    type = Text(property.Value);
                    break;
                case "DIRECTION":
                    direction = Text(property.Value);
                    break;
                case "NAME":
                    name = Text(property.Value);
                    break;
                default:
                    properties.Add(KeyValuePair.Create(property.Name, property.Value));
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException($"{functionName}/{FileName} has a binding without 'type' or 'name'.");
        }

        return new FunctionBinding(type, ParseDirection(functionName, direction), name, properties);
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Direction(BindingDirection direction) => direction switch
    {
        BindingDirection.In => "in",
        BindingDirection.Out => "out",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    private static BindingDirection ParseDirection(string functionName, string? direction) => direction?.ToUpperInvariant() switch
    {
        "IN" => BindingDirection.In,
        "OUT" => BindingDirection.Out,
        _ => throw new FormatException($"{functionName}/{FileName} has a binding with direction '{direction}'; expected 'in' or 'out'."),
    };
}
