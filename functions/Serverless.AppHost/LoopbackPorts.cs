using System.Net;
using System.Net.Sockets;

namespace Serverless.AppHost;

/// <summary>Loopback port helpers for the app host and the tests.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now, chosen by the operating system.</summary>
    public static int Free()
    {
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
}
