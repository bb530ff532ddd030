using System.CommandLine;
using System.Globalization;

namespace Serverless.LocalRun.Cli;

/// <summary>
/// The local run's command line: without a command it runs everything (<see cref="LocalRunner"/>); <c>token</c> prints a
/// development JWT. <c>--help</c> works at every level.
/// </summary>
internal static class LocalRunCli
{
    private const string Description =
        "Runs the gateway and the orders service locally on Azurite, with demo backends, demo saga participants, demo routes, " +
        "a development identity provider for JWTs and the Aspire dashboard for traces, metrics and logs.\n" +
        "Usage: dotnet run --project functions/Serverless.LocalRun [-- options | -- token ...]";

    /// <summary>Parses and runs <paramref name="args"/>; <paramref name="run"/> is what the root command does with its options.</summary>
    public static Task<int> InvokeAsync(
        string[] args, TextWriter output, TextWriter error, Func<LocalRunOptions, CancellationToken, Task<int>> run, CancellationToken cancellationToken = default)
    {
        var root = Create(run, output, error);

        // The local run stops its children itself, in order, on Ctrl+C or SIGTERM (ShutdownSignal); the parser's own
        // handling would cancel and then end the process after a fixed time-out instead.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }

    /// <summary>The options <paramref name="args"/> give the root command, or the parser's errors; for tests and callers that only parse.</summary>
    public static (LocalRunOptions? Options, IReadOnlyList<string> Errors) ParseOptions(string[] args)
    {
        LocalRunOptions? parsed = null;
        var root = Create((options, _) =>
        {
            parsed = options;
            return Task.FromResult(0);
        }, TextWriter.Null, TextWriter.Null);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            return (null, result.Errors.Select(parseError => parseError.Message).ToList());
        }

        result.Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
        return parsed is null ? (null, ["No options: the command line names a command or asks for help."])
            : Clashes(parsed) is [_, ..] clashes ? (null, clashes)
            : (parsed, []);
    }

    private static RootCommand Create(Func<LocalRunOptions, CancellationToken, Task<int>> run, TextWriter output, TextWriter error)
    {
        var port = PortOption.Create("--port", LocalRunOptions.DefaultGatewayPort, "Port the gateway listens on at 127.0.0.1");
        var ordersPort = PortOption.Create("--orders-port", LocalRunOptions.DefaultOrdersPort, "Port the orders service listens on at 127.0.0.1");
        var identityPort = PortOption.Create("--identity-port", LocalRunOptions.DefaultIdentityPort,
            "Port of the development identity provider (OIDC discovery and JWKS) at 127.0.0.1; the token command must be given the same");
        var dashboardPort = PortOption.Create("--dashboard-port", LocalRunOptions.DefaultDashboardPort, "Port of the Aspire dashboard's page at 127.0.0.1");
        var otlpPort = PortOption.Create("--otlp-port", LocalRunOptions.DefaultOtlpPort, "Port where the dashboard receives OTLP over HTTP at 127.0.0.1");
        var noAzurite = new Option<bool>("--no-azurite")
        {
            Description = "Do not start Azurite; use the connection string in the AzureWebJobsStorage environment variable instead.",
        };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not start the Aspire dashboard; the apps then export no telemetry." };

        var root = new RootCommand(Description) { port, ordersPort, identityPort, dashboardPort, otlpPort, noAzurite, noDashboard, TokenCommand.Create(output) };
        root.SetAction(async (result, cancellationToken) =>
        {
            var options = Options(result.GetValue(port), result.GetValue(ordersPort), result.GetValue(identityPort), result.GetValue(dashboardPort),
                result.GetValue(otlpPort), result.GetValue(noAzurite), result.GetValue(noDashboard));
            if (Clashes(options) is [_, ..] clashes)
            {
                await error.WriteLineAsync(string.Join(Environment.NewLine, clashes).AsMemory(), cancellationToken);
                return 1;
            }

            return await run(options, cancellationToken);
        });
        return root;
    }

    /// <summary>Ports that two listeners would share; each would fail at start-up, after everything before it had started.</summary>
    private static List<string> Clashes(LocalRunOptions options) =>
        [.. options.Ports().GroupBy(entry => entry.Port).Where(group => group.Count() > 1).Select(group =>
            $"{string.Join(" and ", group.Select(entry => entry.Option))} cannot share port {group.Key.ToString(CultureInfo.InvariantCulture)}.")];

    private static LocalRunOptions Options(int port, int ordersPort, int identityPort, int dashboardPort, int otlpPort, bool noAzurite, bool noDashboard) =>
        new(port, ordersPort, identityPort, dashboardPort, otlpPort, StartAzurite: !noAzurite, StartDashboard: !noDashboard);
}
