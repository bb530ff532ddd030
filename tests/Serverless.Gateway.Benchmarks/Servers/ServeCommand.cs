using System.Globalization;
using System.Reflection;
using Serverless.LocalRun;
using Serverless.Samples.Participants;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Servers;

/// <summary>
/// <c>serve backend &lt;port&gt;</c> and <c>serve yarp &lt;port&gt; &lt;backend&gt;</c>: this executable as one of the load
/// benchmark's servers; <c>serve inventory &lt;port&gt; &lt;sku&gt; &lt;stock&gt;</c>, <c>serve payment &lt;port&gt;</c> and
/// <c>serve shipping &lt;port&gt;</c>: one of the saga benchmark's demo participants. Each runs in a process of its own
/// so that no two share a thread pool or a garbage collector.
/// </summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The generic host stops the backend and YARP on SIGTERM or SIGINT itself; ParticipantServer stops on the same signals.
        switch (args)
        {
            case ["backend", var port]:
                await BenchBackend.RunAsync(int.Parse(port, CultureInfo.InvariantCulture));
                return 0;
            case ["yarp", var port, var backend]:
                await BareYarpProxy.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), new Uri(backend));
                return 0;
            case ["inventory", var port, var sku, var stock]:
                var inventory = new InventoryOptions { InitialStock = new Dictionary<string, int>(StringComparer.Ordinal) { [sku] = int.Parse(stock, CultureInfo.InvariantCulture) } };
                return await ParticipantServer.RunAsync(token => InventoryService.StartAsync(inventory, int.Parse(port, CultureInfo.InvariantCulture), token));
            case ["payment", var port]:
                return await ParticipantServer.RunAsync(token => PaymentService.StartAsync(new PaymentOptions(), int.Parse(port, CultureInfo.InvariantCulture), token));
            case ["shipping", var port]:
                return await ParticipantServer.RunAsync(token => ShippingService.StartAsync(new ShippingOptions(), int.Parse(port, CultureInfo.InvariantCulture), token));
            default:
                await Console.Error.WriteLineAsync(
                    "usage: serve backend <port> | serve yarp <port> <backend-url> | serve inventory <port> <sku> <stock> | serve payment <port> | serve shipping <port>");
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
