using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.Gateway.Configuration;

/// <summary>
/// Describes why a JSON configuration file could not be read as <c>file:line:column: reason</c>, 1-based as editors
/// count, so the operator can jump to it. System.Text.Json counts lines from 0 and positions in bytes.
/// </summary>
public static partial class ConfigurationFileError
{
    public static string Describe(string path, Exception exception, ReadOnlySpan<byte> content = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                return $"{path}:{line + 1}:{Column(content, line, position)}: {Reason(json)}";
            }
        }

        // No position: a duplicate key, or a document that is not an object.
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return $"{path}: {innermost.Message}";
    }

    /// <summary>
    /// The message of a file configuration provider that failed at start-up, such as appsettings.json's: the path is
    /// only in the wrapper's text (<c>Failed to load configuration from file '...'</c>).
    /// </summary>
    public static string? DescribeLoadFailure(InvalidDataException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.InnerException is not FormatException format)
        {
            return null;
        }

        var path = FileInMessage().Match(exception.Message) is { Success: true } match ? match.Groups["path"].Value : "a configuration file";
        var content = File.Exists(path) ? File.ReadAllBytes(path) : [];
        return Describe(path, format, content);
    }

    private static long Column(ReadOnlySpan<byte> content, long line, long position)
    {
        // Count characters, not bytes, up to the failure; without the text the byte count is the best there is.
        var start = 0;
        for (var current = 0L; current < line && start < content.Length; current++)
        {
            var next = content[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return position + 1;
            }

            start += next + 1;
        }

        var rest = content[start..];
        return rest.Length == 0 ? position + 1 : Encoding.UTF8.GetCharCount(rest[..(int)Math.Min(position, rest.Length)]) + 1;
    }

    private static string Reason(JsonException exception) =>
        exception.Message.Length == 0 ? "not valid JSON" : PositionSuffix().Replace(exception.Message, string.Empty).Trim();

    [GeneratedRegex(@"\s*(Path: [^|]*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();

    [GeneratedRegex("'(?<path>[^']+)'")]
    private static partial Regex FileInMessage();
}
