using System.CommandLine;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary>
/// Operator commands on the same executable (<c>keys ...</c>, <c>usage ...</c>, <c>events ...</c>), run against whatever storage the
/// app is configured for: appsettings.json, local.settings.json <c>Values</c>, a file named with <c>--config</c>, or environment
/// variables such as <c>AzureWebJobsStorage</c> or <c>AzureWebJobsStorage__accountName</c> with a managed identity.
/// </summary>
public static class GatewayCli
{
    public const int UsageErrorExitCode = 2;

    private const string Description =
        "Serverless gateway: the API gateway and its operator commands.\n" +
        "Without a command the gateway runs; settings may follow as --key=value, such as --urls=http://127.0.0.1:7071 or --config=gateway.json.";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "keys", "usage", "events" };
    private static readonly HashSet<string> HelpForms = new(StringComparer.Ordinal) { "help", "--help", "-h", "-?", "/?" };

    /// <summary>
    /// Whether the command line is for the CLI rather than the gateway: a command, a request for help, or a word that is
    /// neither a command nor a setting. Settings start with <c>-</c> or <c>/</c> or hold <c>=</c>. Under the Functions host
    /// (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set) whatever the host passes runs the gateway, as it always has.
    /// </summary>
    public static bool Handles(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return false;
        }

        var first = args[0];
        return Verbs.Contains(first) || HelpForms.Contains(first)
            || (IsWord(first) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(GatewayHostingContext.CustomHandlerPortVariable)));
    }

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is [var first, ..] && !Verbs.Contains(first) && !HelpForms.Contains(first))
        {
            await error.WriteLineAsync(
                $"error: '{first}' is not a command (the commands are keys, usage, events and {FunctionsCommand.Verb}; without one the gateway runs). See --help.");
            return UsageErrorExitCode;
        }

        // `help` and `help keys` read as `--help` and `keys --help`.
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        var config = new Option<string?>("--config") { Description = "A JSON configuration file to read as well, as the gateway's --config (the local run's plans are in functions/Serverless.LocalRun/gateway.local.json).", Recursive = true };
        string? configFile = null;
        await using var services = new DeferredServices(() => CliServices.Build(With(settings, configFile)));
        var root = new RootCommand(Description)
        {
            KeysCommand.Create(services, output),
            UsageCommand.Create(services, output),
            EventsCommand.Create(services, output),

            // Run before this CLI is reached (see Program.cs); listed so help shows every command.
            new Command(FunctionsCommand.Verb, "Write or check the function.json files: functions write <directory> | functions check <directory>."),
        };
        root.Options.Add(config);
        var result = root.Parse(args);
        configFile = result.GetValue(config);
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static bool IsWord(string arg) => arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=', StringComparison.Ordinal);

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?>? settings, string? configFile)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        if (configFile is not null)
        {
            all["config"] = configFile;
        }

        return all;
    }
}
