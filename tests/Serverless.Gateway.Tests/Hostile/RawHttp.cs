using System.Net.Sockets;
using System.Text;

namespace Serverless.Gateway.Tests.Hostile;

/// <summary>
/// Sends bytes exactly as given over a fresh TCP connection and reads what comes back until the server closes it: the
/// only way to send what HttpClient refuses to (bare CR, two Content-Lengths, obs-fold, raw non-ASCII bytes).
/// </summary>
public static class RawHttp
{
    /// <summary>Long enough for any answer on loopback; only a gateway that hangs reaches it, and the test then fails saying so.</summary>
    private static readonly TimeSpan NoAnswer = TimeSpan.FromSeconds(30);

    /// <param name="endOfInput">
    /// Close the sending side after the request, for requests that promise more than they send: Kestrel takes the end
    /// of input as the client going away, so without it the server would wait for the rest.
    /// </param>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, bool endOfInput = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        if (endOfInput)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var read = new CancellationTokenSource(NoAnswer);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, read.Token);
        }
        catch (IOException)
        {
            // A reset after the answer (the server refused the rest of the request) still leaves the answer readable.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The gateway gave no complete answer within {NoAnswer.TotalSeconds} s; received: {Encoding.Latin1.GetString(received.ToArray())}");
        }

        return RawResponse.Parse(received.ToArray());
    }

    /// <summary>A request from text in which <c>\n</c> means CRLF, with raw bytes spliced in where the text has <c>{bytes}</c>.</summary>
    public static byte[] Request(string text, byte[]? bytes = null)
    {
        var wire = Encoding.Latin1.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));
        if (bytes is null)
        {
            return wire;
        }

        var marker = Encoding.Latin1.GetBytes("{bytes}");
        var at = wire.AsSpan().IndexOf(marker);
        return [.. wire[..at], .. bytes, .. wire[(at + marker.Length)..]];
    }
}
