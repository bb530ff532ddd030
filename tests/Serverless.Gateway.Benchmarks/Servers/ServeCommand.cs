using System.Globalization;
using System.Reflection;
using Serverless.AppHost;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Servers;

/// <summary>
/// <c>serve backend &lt;port&gt;</c> and <c>serve yarp &lt;port&gt; &lt;backend&gt;</c>: this executable as one of the load
/// benchmark's servers, each in a process of its own so that no two share a thread pool or a garbage collector.
/// </summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The generic host stops these servers on SIGTERM or SIGINT itself.
        switch (args)
        {
            case ["backend", var port]:
                await BenchBackend.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));
                return 0;
            case ["yarp", var port, var backend]:
                await BareYarpProxy.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), new Uri(backend));
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: serve backend <port> | serve yarp <port> <backend-url>");
                return 2;
        }
    }

    /// <summary>Starts this executable as a server and waits until <paramref name="probePath"/> answers 200.</summary>
    public static async Task<(BenchProcess Process, Uri Address)> StartAsync(string displayName, string probePath, IEnumerable<string> serveArguments, CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        string[] arguments = [Assembly.GetExecutingAssembly().Location, "serve", .. serveArguments.Select(a => a == "{port}" ? port.ToString(CultureInfo.InvariantCulture) : a)];
        var process = BenchProcess.Start(displayName, "dotnet", arguments);
        try
        {
            await Loopback.WaitForStatusAsync(process, new Uri(address, probePath), TimeSpan.FromSeconds(30), cancellationToken);
            return (process, address);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
