using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>
/// Sends a request exactly as written over a new TCP connection, for what HttpClient would refuse to send or would
/// normalise (raw bytes in header values, dot segments, CONNECT, an empty Host), and reads one HTTP/1.1 answer.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, UTF-8) and then <paramref name="body"/> chunks.</summary>
    public static async Task<RawResponse> SendAsync(string address, string head, params byte[][] body)
    {
        var uri = new Uri(address);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
            foreach (var part in body)
            {
                await stream.WriteAsync(part);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read all of a body it refuses; its answer is still there to read.
        }

        return await ReadAsync(stream);
    }

    /// <summary>A GET of <paramref name="target"/> with the given extra header lines, on a connection closed after it.</summary>
    public static Task<RawResponse> GetAsync(string address, string target, params string[] headers) =>
        SendAsync(address, $"GET {target} HTTP/1.1\r\nHost: localhost\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n");

    private static async Task<RawResponse> ReadAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                throw new IOException($"The connection closed before a complete answer: '{Encoding.UTF8.GetString(buffer.ToArray())}'");
            }

            buffer.Write(chunk, 0, read);
        }

        var all = buffer.ToArray();
        var lines = Encoding.Latin1.GetString(all, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var rest = new MemoryStream();
        rest.Write(all, headEnd + 4, all.Length - headEnd - 4);
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadExactlyAsync(stream, rest, int.Parse(length, CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream, rest);
        }
        else
        {
            await stream.CopyToAsync(rest);
            body = rest.ToArray();
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, MemoryStream received, int length)
    {
        var chunk = new byte[8192];
        while (received.Length < length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            received.Write(chunk, 0, read);
        }

        return received.ToArray()[..Math.Min(length, (int)received.Length)];
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, MemoryStream received)
    {
        var chunk = new byte[8192];
        while (IndexOf(received, "0\r\n\r\n"u8) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            received.Write(chunk, 0, read);
        }

        var data = received.ToArray();
        var body = new MemoryStream();
        var position = 0;
        while (position < data.Length)
        {
            var lineEnd = IndexOf(data.AsSpan(position), "\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            body.Write(data, position + lineEnd + 2, size);
            position += lineEnd + 2 + size + 2;
        }

        return body.ToArray();
    }

    private static int IndexOf(MemoryStream stream, ReadOnlySpan<byte> value) => IndexOf(stream.GetBuffer().AsSpan(0, (int)stream.Length), value);

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value) => data.IndexOf(value);
}
