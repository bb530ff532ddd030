using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Serverless.LocalRun;
using Serverless.Samples.Participants;
using Serverless.Gateway.Benchmarks.BareYarp;
using Serverless.Gateway.Benchmarks.Processes;

namespace Serverless.Gateway.Benchmarks.Servers;

/// <summary>
/// <c>serve backend &lt;port&gt;</c>: this executable as the load benchmark's backend; <c>serve inventory &lt;port&gt;
/// &lt;sku&gt; &lt;stock&gt;</c>, <c>serve payment &lt;port&gt;</c> and <c>serve shipping &lt;port&gt;</c>: one of the
/// saga benchmark's demo participants. Each runs in a process of its own
/// so that no two share a thread pool or a garbage collector.
/// </summary>
public static class ServeCommand
{
    /// <remarks>
    /// The generic host stops the backend and YARP on SIGTERM or SIGINT itself; ParticipantServer stops on the same
    /// signals. System.CommandLine is told not to handle them (<see cref="BenchmarkCommand.InvokeAsync"/>).
    /// </remarks>
    public static Command Create()
    {
        var backendPort = Port();
        var backend = new Command("backend", "The minimal JSON backend every load target forwards to.") { backendPort };
        backend.SetAction(async (result, _) =>
        {
            await BenchBackend.RunAsync(result.GetValue(backendPort));
            return 0;
        });

        var inventoryPort = Port();
        var sku = new Argument<string>("sku") { Description = "The one product in stock." };
        var stock = new Argument<int>("stock") { Description = "How many of it are in stock." };
        var inventory = new Command("inventory", "The saga's demo inventory service.") { inventoryPort, sku, stock };
        inventory.SetAction((result, _) =>
        {
            var options = new InventoryOptions { InitialStock = new Dictionary<string, int>(StringComparer.Ordinal) { [result.GetValue(sku)!] = result.GetValue(stock) } };
            return ParticipantServer.RunAsync(token => InventoryService.StartAsync(options, result.GetValue(inventoryPort), token));
        });

        var paymentPort = Port();
        var payment = new Command("payment", "The saga's demo payment service.") { paymentPort };
        payment.SetAction((result, _) => ParticipantServer.RunAsync(token => PaymentService.StartAsync(new PaymentOptions(), result.GetValue(paymentPort), token)));

        var shippingPort = Port();
        var shipping = new Command("shipping", "The saga's demo shipping service.") { shippingPort };
        shipping.SetAction((result, _) => ParticipantServer.RunAsync(token => ShippingService.StartAsync(new ShippingOptions(), result.GetValue(shippingPort), token)));

        return new Command("serve", "One of the servers the load and saga benchmarks start as processes of their own (not for direct use).")
        {
            backend, inventory, payment, shipping,
        };
    }

    private static Argument<int> Port() => new("port") { Description = "The loopback port to listen on." };

    /// <summary>Starts this executable as a server and waits until <paramref name="probePath"/> answers 200.</summary>
    public static Task<(BenchProcess Process, Uri Address)> StartAsync(string displayName, string probePath, IEnumerable<string> serveArguments, CancellationToken cancellationToken) =>
        StartAsync(displayName, probePath, serveArguments, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Starts this executable as a server with <paramref name="environment"/> added to its environment and waits until <paramref name="probePath"/> answers 200.</summary>
    public static Task<(BenchProcess Process, Uri Address)> StartAsync(
        string displayName, string probePath, IEnumerable<string> serveArguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        StartAsync(displayName, probePath, [Assembly.GetExecutingAssembly().Location, "serve", .. serveArguments], environment, cancellationToken);

    /// <summary>
    /// Starts the bare YARP proxy, forwarding to <paramref name="backend"/>, and waits until <paramref name="probePath"/>
    /// answers 200. It runs as the app of its own project, so with that project's runtime settings, which are the gateway's.
    /// </summary>
    public static Task<(BenchProcess Process, Uri Address)> StartBareYarpAsync(
        string probePath, Uri backend, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        StartAsync("yarp", probePath, [BareYarpApp, "{port}", backend.ToString()], environment, cancellationToken);

    /// <summary>The bare YARP proxy's app, built beside this program: its arguments are the port and the backend.</summary>
    public static string BareYarpApp => typeof(BareYarpProxy).Assembly.Location;

    private static async Task<(BenchProcess Process, Uri Address)> StartAsync(
        string displayName, string probePath, string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var process = BenchProcess.Start(displayName, "dotnet", [.. arguments.Select(a => a == "{port}" ? port.ToString(CultureInfo.InvariantCulture) : a)], environment);
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
