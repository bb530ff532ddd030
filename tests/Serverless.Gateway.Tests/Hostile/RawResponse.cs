using System.Globalization;
using System.Text;

namespace Serverless.Gateway.Tests.Hostile;

/// <summary>The responses a server wrote on one connection, in order: status and body of each.</summary>
public sealed record RawResponse(IReadOnlyList<(int Status, string Head, string Body)> Responses)
{
    public int Status => Responses.Count > 0 ? Responses[0].Status : 0;

    public string Text => string.Join("\n----\n", Responses.Select(r => r.Head + "\n\n" + r.Body));

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var responses = new List<(int, string, string)>();
        var position = 0;
        while (position < text.Length && text.IndexOf("\r\n\r\n", position, StringComparison.Ordinal) is var end and >= 0)
        {
            var head = text[position..end];
            var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
            position = end + 4;
            var length = Header(head, "Content-Length") is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            if (Header(head, "Transfer-Encoding") is { } coding && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                var body = new StringBuilder();
                while (text.IndexOf("\r\n", position, StringComparison.Ordinal) is var lineEnd and >= 0)
                {
                    var size = int.Parse(text[position..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    position = lineEnd + 2;
                    if (size == 0)
                    {
                        position = text.IndexOf("\r\n", position, StringComparison.Ordinal) + 2;
                        break;
                    }

                    body.Append(text, position, size);
                    position += size + 2;
                }

                responses.Add((status, head, body.ToString()));
            }
            else
            {
                length = Math.Min(length, text.Length - position);
                responses.Add((status, head, text.Substring(position, length)));
                position += length;
            }
        }

        return new RawResponse(responses);
    }

    private static string? Header(string head, string name) => head.Split("\r\n")
        .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(line => line[(name.Length + 1)..].Trim())
        .FirstOrDefault();
}
