using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Hosting;

/// <summary>The hosting mode this process was started in, decided once from <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>.</summary>
public sealed class GatewayHostingContext(HostingMode mode, int? customHandlerPort)
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public HostingMode Mode { get; } = mode;

    /// <summary>The port the Functions host told us to listen on; null in standalone mode.</summary>
    public int? CustomHandlerPort { get; } = customHandlerPort;

    public static GatewayHostingContext Detect(IConfiguration configuration)
    {
        var port = configuration[CustomHandlerPortVariable];
        if (string.IsNullOrWhiteSpace(port))
        {
            return new GatewayHostingContext(HostingMode.Standalone, null);
        }

        return int.TryParse(port, out var value) && value is > 0 and <= 65535
            ? new GatewayHostingContext(HostingMode.FunctionsHost, value)
            : throw new GatewayConfigurationException($"{CustomHandlerPortVariable} must be a TCP port number, but was '{port}'.");
    }
}
