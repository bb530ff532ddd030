using System.CommandLine;
using System.Globalization;
using System.Net;

namespace Serverless.LocalRun.Cli;

/// <summary>A <c>--...-port</c> option: a TCP port on 127.0.0.1, 1 to 65535, with a default.</summary>
internal static class PortOption
{
    public static Option<int> Create(string name, int defaultPort, string description) => new(name)
    {
        Description = description + ".",
        HelpName = "port",
        DefaultValueFactory = _ => defaultPort,

        // A parser rather than a validator: the stock int conversion throws from a validator on text such as "seventy".
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= IPEndPoint.MaxPort)
            {
                return port;
            }

            result.AddError($"{name}: '{text}' is not a TCP port (1-{IPEndPoint.MaxPort.ToString(CultureInfo.InvariantCulture)}).");
            return default;
        },
    };
}
