using System.Text;
using System.Text.Json;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// A configuration document as published: JSON in the shape of the gateway's configuration file, holding only
/// <see cref="PublishableSections"/>. The text is kept as written; <see cref="Values"/> are its settings as configuration
/// reads them, and <see cref="Sections"/> the publishable sections it holds, which replace the bootstrap's whole.
/// </summary>
public sealed class RevisionDocument
{
    /// <summary>The longest document a revision holds: a table entity holds 1 MiB, 2 bytes a character.</summary>
    public const int MaxLength = 480_000;

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private RevisionDocument(string text, Dictionary<string, string?> values, List<string> sections)
    {
        Text = text;
        Values = values;
        Sections = sections;
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, string?> Values { get; }

    public IReadOnlyList<string> Sections { get; }

    /// <summary>Reads <paramref name="text"/>; what is wrong with it is an <see cref="ArgumentException"/> of one line naming <paramref name="source"/>.</summary>
    public static RevisionDocument Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ArgumentException($"{source}: {text.Length} characters; a revision holds at most {MaxLength}.");
        }

        var content = Encoding.UTF8.GetBytes(text);
        List<string> sections;
        try
        {
            using var document = JsonDocument.Parse(content, Options);
            sections = SectionsOf(document.RootElement, source);
        }
        catch (JsonException invalid)
        {
            throw new ArgumentException(ConfigurationFileError.Describe(source, invalid, content), invalid);
        }

        Dictionary<string, string?> values;
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(content)).Build();
            values = configuration.AsEnumerable().Where(static pair => pair.Value is not null).ToDictionary(StringComparer.OrdinalIgnoreCase);
        }
        catch (FormatException duplicate)
        {
            throw new ArgumentException(ConfigurationFileError.Describe(source, duplicate, content), duplicate);
        }

        return new RevisionDocument(text, values, sections);
    }

    private static List<string> SectionsOf(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{source}: a revision is a JSON object with the sections to publish, such as {{ \"Gateway\": {{ \"Routes\": {{ ... }} }} }}.");
        }

        var sections = new List<string>();
        var refused = new List<string>();
        foreach (var top in root.EnumerateObject())
        {
            if (top.Value.ValueKind != JsonValueKind.Object)
            {
                refused.Add(top.Name);
                continue;
            }

            foreach (var child in top.Value.EnumerateObject())
            {
                var path = ConfigurationPath.Combine(top.Name, child.Name);
                if (PublishableSections.Find(path) is { } section && child.Value.ValueKind == JsonValueKind.Object)
                {
                    sections.Add(section);
                }
                else
                {
                    refused.Add(path);
                }
            }
        }

        if (refused.Count > 0)
        {
            throw new ArgumentException(
                $"{source}: {string.Join(", ", refused)} cannot be published; a revision holds objects under {PublishableSections.Describe()}, and everything else stays in app settings.");
        }

        return sections.Count > 0
            ? [.. sections.Distinct(StringComparer.Ordinal)]
            : throw new ArgumentException($"{source}: holds nothing to publish; a revision holds {PublishableSections.Describe()}.");
    }
}
