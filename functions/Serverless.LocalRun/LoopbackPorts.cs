using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Serverless.LocalRun;

/// <summary>Loopback port helpers for the local run and the tests.</summary>
public static class LoopbackPorts
{
    private const int LowestChosenPort = 20000;

    /// <summary>
    /// A port nothing listens on right now, for a server that is told its port before it binds (a custom handler is).
    /// It is taken from below the operating system's ephemeral range where that range is known, because every outgoing
    /// connection and every bind to port 0 draws its port from that range and could take this one in the meantime.
    /// </summary>
    public static int Free()
    {
        if (EphemeralRangeStart() is { } start && start > LowestChosenPort + 1000)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
#pragma warning disable CA5394 // Spreading choices over the range is the point; nothing here is a security decision.
                var port = Random.Shared.Next(LowestChosenPort, start);
#pragma warning restore CA5394
                if (IsFree(port))
                {
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether nothing listens on 127.0.0.1 at <paramref name="port"/>; a hint only, since another process may take it next.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (net.ipv4.ip_local_port_range); null elsewhere.</summary>
    private static int? EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
