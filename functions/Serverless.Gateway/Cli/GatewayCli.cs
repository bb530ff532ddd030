using System.CommandLine;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary>
/// The executable's command line: without a command it runs the gateway (<c>serve</c>), as the Functions host starts it;
/// the operator commands (<c>keys ...</c>, <c>usage ...</c>, <c>events ...</c>) run against whatever storage the app is
/// configured for: appsettings.json, local.settings.json <c>Values</c>, a file named with <c>--config</c>, or environment
/// variables such as <c>AzureWebJobsStorage</c> or <c>AzureWebJobsStorage__accountName</c> with a managed identity.
/// </summary>
public static class GatewayCli
{
    public const int UsageErrorExitCode = CommandLineInvocation.UsageErrorExitCode;

    private const string Description =
        "Serverless gateway: the API gateway and its operator commands.\n" +
        "Without a command the gateway runs (serve); settings may follow as --key=value, such as --urls=http://127.0.0.1:7071 or --config=gateway.json.";

    private const string ConfigOption = "--config";

    /// <summary>
    /// The process's command line. Without arguments, as the Functions host starts it (host.json), or with settings only
    /// (<c>--urls=...</c>), the gateway starts at once: what the parse would choose anyway, without building the command
    /// tree first, which costs a cold start the JIT of System.CommandLine and every command's options.
    /// </summary>
    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return IsSettingsOnly(args) ? GatewayProgram.RunAsync(args) : RunAsync(args, Console.Out, Console.Error);
    }

    /// <summary>
    /// Arguments the parse would hand to the gateway unchanged: none, or settings starting with <c>--</c>, none of them a
    /// request for help or the version. A command, a response file (<c>@file</c>) or a directive goes through the parser.
    /// </summary>
    internal static bool IsSettingsOnly(string[] args) =>
        args.Length == 0
        || (args[0].StartsWith("--", StringComparison.Ordinal)
            && !args.Any(static arg => arg is "-h" or "-?" or "/?" or "/h" or "--help" or "--version" || arg.StartsWith('@')));

    /// <param name="settings">Configuration the operator commands read on top of the app's own (tests point them at their storage).</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? configFile = null;
        await using var services = new DeferredServices(() => CliServices.Build(With(settings, configFile)));
        var root = CreateRoot(args, services, output, error);
        var result = root.Parse(args, CommandLineInvocation.Parser);
        configFile = result.GetValue<string?>(ConfigOption);
        return await CommandLineInvocation.InvokeAsync(result, Invocation(result, output, error), cancellationToken);
    }

    /// <summary>The command tree; <paramref name="args"/> are what the gateway gets when no command is given.</summary>
    internal static RootCommand CreateRoot(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var config = new Option<string?>(ConfigOption)
        {
            Description = "A JSON configuration file to read as well, as the gateway's --config; a relative path is read from the current directory.",
            HelpName = "file",
            Recursive = true,
        };
        var root = new RootCommand(Description)
        {
            config,
            ServeCommand.Create(config),
            KeysCommand.Create(services, output),
            UsageCommand.Create(services, output),
            EventsCommand.Create(services, output),
            CacheCommand.Create(services, output),
            ConfigCommand.Create(services, output),
            FunctionsCommand.Create(output, error),
        };
        root.Subcommands.Add(HelpCommand.Create(root, output, error));

        // The Functions host starts the executable with no arguments (host.json customHandler arguments), or with whatever
        // that list holds: the gateway gets the command line exactly as it was given. The description says so; listed as an
        // argument, the settings would show in the usage of every command.
        var settings = ServeCommand.SettingsArgument();
        settings.Hidden = true;
        root.Arguments.Add(settings);
        root.Validators.Add(result =>
        {
            if (result.GetValue(settings) is [var first, ..] && IsWord(first) && !UnderFunctionsHost())
            {
                result.AddError($"'{first}' is not a command (the commands are {string.Join(", ", root.Subcommands.Select(static c => c.Name))}; without one the gateway runs).");
            }
        });
        root.SetAction((_, _) => GatewayProgram.RunAsync(args));
        return root;
    }

    /// <summary>
    /// The gateway keeps the process's own handling of exceptions and signals: a bug crashes it with its stack trace, and
    /// SIGTERM drains it for as long as its configuration says. Operator commands keep System.CommandLine's.
    /// </summary>
    private static InvocationConfiguration Invocation(ParseResult result, TextWriter output, TextWriter error)
    {
        var serves = result.CommandResult.Command is RootCommand || result.CommandResult.Command.Name == ServeCommand.Name;
        return new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = !serves,
            ProcessTerminationTimeout = serves ? null : TimeSpan.FromSeconds(2),
        };
    }

    /// <summary>A word is neither a setting (those start with - or / or hold =) nor a value: a mistyped command.</summary>
    private static bool IsWord(string arg) => arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=', StringComparison.Ordinal);

    /// <summary>Under the Functions host whatever the host passes runs the gateway, as it always has.</summary>
    private static bool UnderFunctionsHost() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(GatewayHostingContext.CustomHandlerPortVariable));

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
