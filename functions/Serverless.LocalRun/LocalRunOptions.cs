using System.Globalization;
using System.Net;

namespace Serverless.LocalRun;

/// <summary>The local run's few command-line options; small enough that a parser library would outweigh them.</summary>
internal sealed record LocalRunOptions(int GatewayPort, int OrdersPort, bool StartAzurite, bool ShowHelp)
{
    public const int DefaultGatewayPort = 7071;
    public const int DefaultOrdersPort = 7072;

    public const string Usage = """
        Runs the gateway and the orders service locally on Azurite, with demo backends, demo saga participants and
        demo routes.

        Usage: dotnet run --project functions/Serverless.LocalRun [-- options]

        Options:
          --port <port>          Port the gateway listens on at 127.0.0.1 (default 7071).
          --orders-port <port>   Port the orders service listens on at 127.0.0.1 (default 7072).
          --no-azurite           Do not start Azurite; use the connection string in the AzureWebJobsStorage
                                 environment variable instead.
          -h, --help             Show this help.
        """;

    public static LocalRunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LocalRunOptions(GatewayPort: DefaultGatewayPort, OrdersPort: DefaultOrdersPort, StartAzurite: true, ShowHelp: false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--port" when i + 1 < args.Count => options with { GatewayPort = ParsePort(args[++i]) },
                "--port" => throw new ArgumentException("--port needs a value."),
                "--orders-port" when i + 1 < args.Count => options with { OrdersPort = ParsePort(args[++i]) },
                "--orders-port" => throw new ArgumentException("--orders-port needs a value."),
                "--no-azurite" => options with { StartAzurite = false },
                "-h" or "--help" => options with { ShowHelp = true },
                var unknown => throw new ArgumentException($"Unknown option '{unknown}'."),
            };
        }

        return options.GatewayPort != options.OrdersPort
            ? options
            : throw new ArgumentException($"The gateway and the orders service cannot both listen on port {options.GatewayPort}.");
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= IPEndPoint.MaxPort
            ? port
            : throw new ArgumentException($"'{value}' is not a TCP port (1-{IPEndPoint.MaxPort}).");
}
