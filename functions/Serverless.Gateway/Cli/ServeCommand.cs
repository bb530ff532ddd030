using System.CommandLine;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Cli;

/// <summary><c>serve [settings...]</c>: runs the gateway, as the executable does when no command is given.</summary>
public static class ServeCommand
{
    public const string Name = "serve";

    /// <param name="config">The program's <c>--config</c>, which System.CommandLine reads before the gateway can: handed on as a setting.</param>
    public static Command Create(Option<string?> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = SettingsArgument();
        var command = new Command(
            Name,
            "Run the gateway (the default when no command is given): standalone, or under the Functions host when FUNCTIONS_CUSTOMHANDLER_PORT is set.")
        {
            settings,
        };
        command.SetAction((result, _) => GatewayProgram.RunAsync([.. result.GetValue(settings) ?? [], .. Setting("config", result.GetValue(config))]));
        return command;
    }

    /// <summary>The gateway's settings, read by its configuration as ASP.NET Core reads a command line.</summary>
    public static Argument<string[]> SettingsArgument() => new("settings")
    {
        Description = "Settings as --key=value or --key value, e.g. --urls=http://127.0.0.1:7071 or --RateLimiting:Table=Limits.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static IEnumerable<string> Setting(string key, string? value) => value is null ? [] : [$"--{key}={value}"];
}
