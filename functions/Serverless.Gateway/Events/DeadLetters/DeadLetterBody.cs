using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>How an operator sees a dead letter's body: one line in a listing, pretty JSON when inspected.</summary>
public static class DeadLetterBody
{
    public const int SummaryLength = 80;

    // Indented, and without escaping '<', '+' or non-ASCII letters: the output is read by people, not embedded in HTML.
    private static readonly JsonSerializerOptions PrettyOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>For a CloudEvent its type, subject and id (what an operator searches by); otherwise the start of the body on one line.</summary>
    public static string Summarize(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (TryParse(body) is { } document)
        {
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("specversion", out _))
                {
                    return $"{Text(root, "type")} subject={Text(root, "subject")} id={Text(root, "id")}";
                }
            }
        }

        if (body.Length == 0)
        {
            return "(empty)";
        }

        var line = new StringBuilder(SummaryLength + 1);
        foreach (var c in body)
        {
            if (line.Length == SummaryLength)
            {
                return line.Append('…').ToString();
            }

            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString();
    }

    /// <summary>The body indented if it is JSON, unchanged otherwise.</summary>
    public static string Pretty(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var document = TryParse(body);
        return document is null ? body : JsonSerializer.Serialize(document.RootElement, PrettyOptions);
    }

    private static JsonDocument? TryParse(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "?";
}
