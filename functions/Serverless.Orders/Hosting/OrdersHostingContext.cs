namespace Serverless.Orders.Hosting;

public static class OrdersHostingContext
{
    /// <summary>
    /// The Functions host starts an isolated worker with the address of its gRPC endpoint, as <c>--functions-uri</c> (or
    /// the older <c>--host</c>/<c>--port</c> pair) or the <c>Functions:Worker:HostEndpoint</c> setting; nothing else does.
    /// </summary>
    public static OrdersHostingMode Detect(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var underHost = args.Any(static arg => arg.StartsWith("--functions-uri", StringComparison.Ordinal) || arg is "--host" or "--workerId")
            || !string.IsNullOrEmpty(environment("Functions__Worker__HostEndpoint"));
        return underHost ? OrdersHostingMode.FunctionsHost : OrdersHostingMode.Standalone;
    }
}
